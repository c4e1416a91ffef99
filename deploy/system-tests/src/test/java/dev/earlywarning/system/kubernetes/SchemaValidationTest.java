package dev.earlywarning.system.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object both overlays render (deploy/kubernetes/rendered) and the optional KafkaUsers validate
 * against the schemas of their APIs: Kubernetes', the Prometheus Operator's and Strimzi's v1
 * (kubernetes-models' validators, run by deploy/kubernetes/schema-check with Node.js; installed
 * from the npm registry at the versions of its package-lock.json). No cluster is needed.
 */
class SchemaValidationTest {

    private static final Path KUBERNETES = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath()
            .normalize().resolve("deploy/kubernetes");
    private static final Path WORK = Path.of("target/schema-check").toAbsolutePath();
    static final String INSTALL = "sudo apt-get install -y nodejs npm";

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @BeforeAll
    static void install() throws IOException, InterruptedException {
        for (String tool : List.of("node", "npm")) {
            try {
                new ProcessBuilder(tool, "--version").start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException missing) {
                throw new AssertionError(tool + " is missing: the schema check of the Kubernetes manifests runs on "
                        + "Node.js. Install it with: " + INSTALL, missing);
            }
        }
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "check.mjs")) {
            Files.copy(KUBERNETES.resolve("schema-check").resolve(file), WORK.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Run installed = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"));
        assertThat(installed.exit()).as("npm ci:\n" + installed.output()).isZero();
    }

    private static Run check(Path... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "check.mjs"));
        for (Path file : files) {
            command.add(file.toString());
        }
        return run(command);
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
                .replace("type: persistent-claim", "type: tape"));
        Run result = check(broken);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("Deployment/contact-ingest: data/spec/replicas must be integer")
                .contains("KafkaNodePool/dual-role");
    }
}
