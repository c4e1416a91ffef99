package dev.earlywarning.system.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/** What the Kubernetes manifests promise an SRE, read without a cluster. */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath()
            .normalize().resolve("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SECRETS = Set.of("early-warning-db", "early-warning-auth",
            "early-warning-alert-secrets");

    /** Every object of every manifest the kustomization lists. */
    static List<JsonNode> objects() throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : YAML.readTree(DIR.resolve("kustomization.yaml").toFile()).get("resources")) {
            try (YAMLParser parser = new YAMLFactory().createParser(DIR.resolve(resource.asText()).toFile())) {
                for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isEmpty()) {
                        objects.add(doc);
                    }
                }
            }
        }
        return objects;
    }

    @Test
    void noManifestCarriesASecretSoAnApplyNeverOverwritesTheRealOne() throws IOException {
        List<JsonNode> objects = objects();
        assertThat(objects).hasSizeGreaterThan(5);
        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("Secret"));
        assertThat(YAML.readTree(DIR.resolve("kustomization.yaml").toFile()).has("secretGenerator")).isFalse();
        List<String> referenced = new ArrayList<>();
        for (JsonNode o : objects) {
            for (JsonNode container : o.at("/spec/template/spec/containers")) {
                container.path("envFrom").forEach(e -> referenced.add(e.at("/secretRef/name").asText()));
            }
        }
        assertThat(referenced).isNotEmpty().allMatch(SECRETS::contains);
    }

    @Test
    void alertLinksUseAPublicAddressAndTheScorerAllowsTheConsolesOrigin() throws IOException {
        JsonNode alerts = deployment("alert-service");
        assertThat(env(alerts, "ALERTS_PUBLIC_SCORER_URL")).startsWith("https://");
        assertThat(env(alerts, "SCORER_URL")).isEqualTo("http://health-scorer");
        assertThat(env(deployment("health-scorer"), "CONSOLE_ORIGINS")).startsWith("https://");
    }

    private static JsonNode deployment(String name) throws IOException {
        return objects().stream().filter(o -> o.path("kind").asText().equals("Deployment")
                && o.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static String env(JsonNode deployment, String name) {
        for (JsonNode variable : deployment.at("/spec/template/spec/containers/0/env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError(deployment.at("/metadata/name").asText() + " does not set " + name);
    }
}
