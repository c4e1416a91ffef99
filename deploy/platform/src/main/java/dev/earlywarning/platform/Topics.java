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

    private static final String DAY_MS = Long.toString(24L * 60 * 60 * 1000);

    private static Map<String, String> days(int days) {
        return Map.of("retention.ms", Long.toString(days * Long.parseLong(DAY_MS)));
    }

    /**
     * Every topic with its retention (README, "Retention"): raw input a week, canonical events 30
     * days, signals and dead letters 14 days (alert-service's processed-signal log keeps 30), the
     * latest health per customer for as long as the customer exists (compacted; an erased
     * customer's tombstone is kept a day).
     */
    public static final List<Spec> ALL = List.of(
            new Spec(CONTACT_EVENTS_INBOUND, 3, days(7)),
            new Spec(CONTACT_EVENTS, 6, days(30)),
            new Spec(CONTACT_EVENTS_DLQ, 1, days(14)),
            new Spec(RELATIONSHIP_HEALTH, 6, Map.of("cleanup.policy", "compact", "delete.retention.ms", DAY_MS)),
            new Spec(CHURN_RISK_SIGNALS, 6, days(14)),
            new Spec(HEALTH_SCORER_DLQ, 1, days(14)),
            new Spec(ALERT_SERVICE_DLQ, 1, days(14)));

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
