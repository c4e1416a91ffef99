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
            .normalize().resolve("deploy/kubernetes/base");
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

    private static final List<String> SERVICES = List.of("contact-ingest", "health-scorer", "alert-service");

    @Test
    void everyServiceRunsNonRootWithAReadOnlyRootFilesystemNoEscalationAndNoCapabilities() throws IOException {
        for (String name : SERVICES) {
            JsonNode pod = deployment(name).at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(pod.get("topologySpreadConstraints")).as(name + " spread over nodes and zones").hasSize(2);
            for (JsonNode container : pod.get("containers")) {
                JsonNode security = container.get("securityContext");
                assertThat(security.get("allowPrivilegeEscalation").asBoolean()).as(name).isFalse();
                assertThat(security.get("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
                assertThat(container.get("volumeMounts").toString()).as(name + ": a writable /tmp").contains("/tmp");
            }
        }
    }

    @Test
    void everyObjectCarriesTheRecommendedLabelsAndEveryServiceIsScrapedUnderItsOwnJobName() throws IOException {
        List<JsonNode> objects = objects();
        for (JsonNode o : objects) {
            if (!o.path("kind").asText().equals("Namespace")) {
                assertThat(o.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
                        .as(o.path("kind").asText() + " " + o.at("/metadata/name").asText()).isEqualTo("early-warning");
            }
        }
        for (String name : SERVICES) {
            JsonNode monitor = objects.stream().filter(o -> o.path("kind").asText().equals("ServiceMonitor")
                    && o.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
            // The job label is the Service's app.kubernetes.io/name: the service's name, as the alert rules expect.
            assertThat(monitor.at("/spec/jobLabel").asText()).isEqualTo("app.kubernetes.io/name");
            JsonNode selected = objects.stream().filter(o -> o.path("kind").asText().equals("Service")
                    && matches(monitor.at("/spec/selector/matchLabels"), o.at("/metadata/labels"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no Service for the ServiceMonitor " + name));
            assertThat(selected.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo(name);
            assertThat(selected.at("/spec/ports/0/name").asText()).isEqualTo(monitor.at("/spec/endpoints/0/port").asText());
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        }
    }

    @Test
    void networkPoliciesDenyByDefaultAndOpenOnlyEachApiAndTheManagementPortsToMonitoring() throws IOException {
        List<JsonNode> policies = objects().stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).toList();
        JsonNode deny = policies.stream().filter(p -> p.at("/metadata/name").asText().equals("early-warning-default-deny"))
                .findFirst().orElseThrow();
        assertThat(deny.at("/spec/ingress").isMissingNode()).as("no rule: nothing comes in").isTrue();
        assertThat(deny.at("/spec/podSelector/matchLabels/app.kubernetes.io~1part-of").asText()).isEqualTo("early-warning");
        JsonNode management = policies.stream().filter(p -> p.at("/metadata/name").asText().equals("early-warning-management"))
                .findFirst().orElseThrow();
        assertThat(management.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels").toString())
                .contains("network.early-warning/monitoring");
        for (String[] api : new String[][] {{"contact-ingest", "8081"}, {"health-scorer", "8082"}, {"alert-service", "8083"}}) {
            JsonNode policy = policies.stream().filter(p -> p.at("/spec/podSelector/matchLabels/app").asText().equals(api[0]))
                    .findFirst().orElseThrow(() -> new AssertionError("no policy opens " + api[0]));
            assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo(api[1]);
        }
    }

    @Test
    void strimziResourcesUseTheCurrentApiAndEveryTopicTheServicesUseIsDeclaredWithItsRetention() throws IOException {
        List<JsonNode> strimzi = objects().stream().filter(o -> o.path("apiVersion").asText().startsWith("kafka.strimzi.io"))
                .toList();
        assertThat(strimzi).isNotEmpty().allMatch(o -> o.path("apiVersion").asText().equals("kafka.strimzi.io/v1"));
        assertThat(strimzi).anyMatch(o -> o.path("kind").asText().equals("Kafka"));
        JsonNode pool = strimzi.stream().filter(o -> o.path("kind").asText().equals("KafkaNodePool")).findFirst().orElseThrow();
        assertThat(pool.at("/spec/roles").toString()).contains("controller").contains("broker");
        java.util.Map<String, JsonNode> topics = new java.util.HashMap<>();
        strimzi.stream().filter(o -> o.path("kind").asText().equals("KafkaTopic"))
                .forEach(t -> topics.put(t.at("/spec/topicName").asText(), t));
        for (dev.earlywarning.platform.Topics.Spec spec : dev.earlywarning.platform.Topics.ALL) {
            JsonNode topic = topics.get(spec.name());
            assertThat(topic).as("a KafkaTopic for " + spec.name()).isNotNull();
            assertThat(topic.at("/spec/partitions").asInt()).isGreaterThanOrEqualTo(spec.partitions());
            spec.config().forEach((key, value) -> assertThat(topic.at("/spec/config/" + key).asText())
                    .as(spec.name() + " " + key).isEqualTo(value));
        }
        for (JsonNode file : List.of(YAML.readTree(DIR.resolve("kafka-users.yaml").toFile()))) {
            assertThat(file.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        }
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        for (var it = selector.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText())) {
                return false;
            }
        }
        return true;
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
