package dev.earlywarning.system.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every object both overlays render (deploy/kubernetes/rendered) and the optional KafkaUsers validate
 * against the schemas of their APIs: Kubernetes', the Prometheus Operator's and Strimzi's v1, with
 * kubernetes-models' validators generated from them. They run from a bundle committed to the repo
 * (deploy/kubernetes/schema-check/validate-manifests.cjs) on Node.js: no cluster, no network, no
 * install.
 */
class SchemaValidationTest {

    private static final Path KUBERNETES = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath()
            .normalize().resolve("deploy/kubernetes");
    private static final Path CHECK = KUBERNETES.resolve("schema-check");
    private static final Path WORK = Path.of("target/schema-check").toAbsolutePath();
    static final String INSTALL = "sudo apt-get install -y nodejs";

    private record Run(int exit, String output) {
    }

    @BeforeAll
    static void node() throws IOException, InterruptedException {
        try {
            new ProcessBuilder("node", "--version").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException missing) {
            throw new AssertionError("node is missing: the schema check of the Kubernetes manifests runs on "
                    + "Node.js. Install it with: " + INSTALL, missing);
        }
        Files.createDirectories(WORK);
    }

    private static Run check(Path... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", CHECK.resolve("validate-manifests.cjs").toString()));
        for (Path file : files) {
            command.add(file.toString());
        }
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void everyRenderedObjectIsValidForItsApi() throws Exception {
        Run result = check(KUBERNETES.resolve("rendered/dev.yaml"), KUBERNETES.resolve("rendered/prod.yaml"),
                KUBERNETES.resolve("base/kafka-users.yaml"));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("failures 0");
        int checked = Integer.parseInt(result.output().replaceAll("(?s).*checked (\\d+),.*", "$1"));
        assertThat(checked).as("objects validated").isEqualTo(Kustomize.read(KUBERNETES.resolve("rendered/dev.yaml")).size()
                + Kustomize.read(KUBERNETES.resolve("rendered/prod.yaml")).size()
                + Kustomize.read(KUBERNETES.resolve("base/kafka-users.yaml")).size());
    }

    @Test
    void anInvalidObjectIsNamedWithItsReason() throws Exception {
        String prod = Files.readString(KUBERNETES.resolve("rendered/prod.yaml"));
        Path broken = WORK.resolve("broken.yaml");
        Files.writeString(broken, prod.replaceFirst("(?m)^  replicas: 3$", "  replicas: three")
                .replace("type: persistent-claim", "type: tape")
                .replaceFirst("(?m)^    - name: plain$", "    - name: Plain-Text!"));
        Run result = check(broken);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("Deployment/contact-ingest: data/spec/replicas must be integer")
                .contains("KafkaNodePool/dual-role")
                // A pattern (Strimzi's listener names): the bundle checks patterns with JavaScript's RegExp.
                .contains("Kafka/early-warning: data/spec/kafka/listeners/0/name must match pattern");
    }

    @Test
    void aKindTheCheckDoesNotKnowIsReportedNotPassed() throws Exception {
        Path unknown = WORK.resolve("unknown.yaml");
        Files.writeString(unknown, """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: nightly
                """);
        Run result = check(unknown);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("CronJob/nightly: no schema known for batch/v1 CronJob");
    }

    /** The committed bundle was made from the sources and the locked package versions beside it. */
    @Test
    void theBundleIsMadeFromTheSourcesAndLockedVersionsBesideIt() throws Exception {
        String banner = Files.readAllLines(CHECK.resolve("validate-manifests.cjs")).get(0);
        for (String source : List.of("check.mjs", "re2-shim.mjs")) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(CHECK.resolve(source))));
            assertThat(banner).as("%s changed since the bundle was made: cd %s && npm ci && npm run bundle", source,
                    CHECK).contains(source + ":" + sha);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode lock = json.readTree(CHECK.resolve("package-lock.json").toFile());
        JsonNode dependencies = json.readTree(CHECK.resolve("package.json").toFile()).get("dependencies");
        dependencies.fieldNames().forEachRemaining(name -> assertThat(banner)
                .as("the bundle's %s is the locked one: cd %s && npm ci && npm run bundle", name, CHECK)
                .contains(name + "@" + lock.at("/packages/node_modules~1" + name.replace("/", "~1") + "/version")
                        .asText()));
    }
}
