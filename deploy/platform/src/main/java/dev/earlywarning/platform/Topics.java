package dev.earlywarning.platform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The topics of the system, with their partition counts, and their creation. */
public final class Topics {

    /** One topic: name, partitions and topic-level configuration. */
    public record Spec(String name, int partitions, Map<String, String> config) {
    }

    /** Raw events other systems publish; contact-ingest validates them. */
    public static final String CONTACT_EVENTS_INBOUND = "contact-events.inbound";
    /** Canonical contact events, keyed by customer id. */
    public static final String CONTACT_EVENTS = "contact-events";
    /** Inbound records contact-ingest could not accept, with the reason in headers. */
    public static final String CONTACT_EVENTS_DLQ = "contact-events.dlq";
    /** Latest health per customer (compacted), keyed by customer id. */
    public static final String RELATIONSHIP_HEALTH = "relationship-health";
    /** Churn-risk signals, keyed by customer id. */
    public static final String CHURN_RISK_SIGNALS = "churn-risk-signals";
    /** Records health-scorer could not process. */
    public static final String HEALTH_SCORER_DLQ = "health-scorer.dlq";
    /** Records alert-service could not process. */
    public static final String ALERT_SERVICE_DLQ = "alert-service.dlq";

    public static final List<Spec> ALL = List.of(
            new Spec(CONTACT_EVENTS_INBOUND, 3, Map.of()),
            new Spec(CONTACT_EVENTS, 6, Map.of()),
            new Spec(CONTACT_EVENTS_DLQ, 1, Map.of()),
            new Spec(RELATIONSHIP_HEALTH, 6, Map.of("cleanup.policy", "compact")),
            new Spec(CHURN_RISK_SIGNALS, 6, Map.of()),
            new Spec(HEALTH_SCORER_DLQ, 1, Map.of()),
            new Spec(ALERT_SERVICE_DLQ, 1, Map.of()));

    private Topics() {
    }

    /** Creates every topic that does not exist yet; existing ones are left as they are. */
    public static void createAll(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = ALL.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.config()))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics", e.getCause());
        }
    }
}
