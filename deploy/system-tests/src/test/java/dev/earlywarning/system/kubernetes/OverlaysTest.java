package dev.earlywarning.system.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The dev and prod overlays, rendered without a cluster ({@link Kustomize}) and checked against
 * what real kustomize rendered (deploy/kubernetes/rendered, regenerated with the command at its top),
 * then for what each overlay promises.
 */
class OverlaysTest {

    private static final Path KUBERNETES = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath()
            .normalize().resolve("deploy/kubernetes");
    private static final List<String> SERVICES = List.of("contact-ingest", "health-scorer", "alert-service");

    private static Map<String, JsonNode> byKindAndName(List<ObjectNode> objects) {
        Map<String, JsonNode> map = new TreeMap<>();
        objects.forEach(o -> map.put(o.path("kind").asText() + "/" + Kustomize.name(o), o));
        return map;
    }

    private static Map<String, JsonNode> render(String overlay) throws IOException {
        return byKindAndName(Kustomize.render(KUBERNETES.resolve("overlays").resolve(overlay)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theOverlayRendersToWhatKustomizeRenderedAndCommitted(String overlay) throws IOException {
        Map<String, JsonNode> rendered = render(overlay);
        Map<String, JsonNode> committed = byKindAndName(Kustomize.read(KUBERNETES.resolve("rendered/" + overlay + ".yaml")));
        assertThat(rendered.keySet()).isEqualTo(committed.keySet());
        rendered.forEach((key, object) -> assertThat(object).as(overlay + ": " + key + " (regenerate "
                + "deploy/kubernetes/rendered with the command at the top of its files)").isEqualTo(committed.get(key)));
        assertThat(rendered.keySet()).noneMatch(k -> k.startsWith("Secret/"));
        rendered.forEach((key, object) -> {
            if (!key.startsWith("Namespace/")) {
                assertThat(object.at("/metadata/namespace").asText()).as(key).isEqualTo("early-warning");
            }
        });
    }

    @Test
    void devRunsOneOfEverythingOnASingleKafkaNode() throws IOException {
        Map<String, JsonNode> dev = render("dev");
        for (String service : SERVICES) {
            JsonNode deployment = dev.get("Deployment/" + service);
            assertThat(deployment.at("/spec/replicas").asInt()).as(service).isEqualTo(1);
            assertThat(deployment.at("/spec/template/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("100m");
            // The base's hardening survives the overlay's patches.
            assertThat(deployment.at("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem").asBoolean())
                    .isTrue();
        }
        assertThat(dev.get("KafkaNodePool/dual-role").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(dev.get("Kafka/early-warning").at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(1);
        dev.forEach((key, object) -> {
            if (key.startsWith("KafkaTopic/")) {
                assertThat(object.at("/spec/replicas").asInt()).as(key).isEqualTo(1);
                assertThat(object.at("/spec/config/min.insync.replicas").asInt()).as(key).isEqualTo(1);
                assertThat(object.at("/spec/config/retention.ms").isMissingNode()
                        && object.at("/spec/config/cleanup.policy").isMissingNode()).as(key + " keeps its retention").isFalse();
            }
        });
    }

    @Test
    void prodScalesTheConsumersByCpuUpToTheirPartitionsWithDisruptionBudgets() throws IOException {
        Map<String, JsonNode> prod = render("prod");
        assertThat(prod.get("Deployment/contact-ingest").at("/spec/replicas").asInt()).isEqualTo(3);
        Map<String, String> topicOf = Map.of("health-scorer", "contact-events", "alert-service", "churn-risk-signals");
        topicOf.forEach((service, topic) -> {
            JsonNode hpa = prod.get("HorizontalPodAutoscaler/" + service);
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(service);
            assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
            // More instances than partitions would own nothing.
            assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(prod.get("KafkaTopic/" + topic).at("/spec/partitions").asInt());
            assertThat(prod.get("Deployment/" + service).at("/spec/replicas").isMissingNode())
                    .as(service + ": the autoscaler's replicas are not reset on every apply").isTrue();
        });
        for (String service : SERVICES) {
            JsonNode budget = prod.get("PodDisruptionBudget/" + service);
            assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(budget.at("/spec/selector/matchLabels/app").asText()).isEqualTo(service);
            assertThat(prod.get("Deployment/" + service).at("/spec/template/metadata/labels/app").asText()).isEqualTo(service);
        }
        assertThat(prod.get("KafkaNodePool/dual-role").at("/spec/replicas").asInt()).isEqualTo(3);
    }
}
