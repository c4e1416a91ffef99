package dev.earlywarning.scorer.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.service.HealthPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes health updates and churn-risk signals keyed by customer id; completes when Kafka acknowledged both. */
@ApplicationScoped
public class KafkaHealthPublisher implements HealthPublisher {

    public static final String HEALTH_CHANNEL = "relationship-health";
    public static final String SIGNAL_CHANNEL = "churn-risk-signals";

    private final MutinyEmitter<HealthUpdate> health;
    private final MutinyEmitter<ChurnRiskSignal> signals;

    public KafkaHealthPublisher(@Channel(HEALTH_CHANNEL) MutinyEmitter<HealthUpdate> health,
                                @Channel(SIGNAL_CHANNEL) MutinyEmitter<ChurnRiskSignal> signals) {
        this.health = health;
        this.signals = signals;
    }

    @Override
    public Uni<Void> publish(String customerId, String segment, HealthAssessment assessment, String eventId,
                             boolean scoreChanged, Optional<ChurnRiskSignal> signal) {
        List<Uni<Void>> sends = new ArrayList<>(2);
        if (scoreChanged) {
            HealthUpdate update = new HealthUpdate(1, customerId, segment, assessment.score(), assessment.band(),
                    assessment.confidence(), assessment.drivers(), assessment.policyVersion(),
                    assessment.assessedAt(), eventId);
            sends.add(Uni.createFrom().deferred(() -> health.sendMessage(keyed(customerId, update))));
        }
        signal.ifPresent(s -> sends.add(Uni.createFrom().deferred(() -> signals.sendMessage(keyed(customerId, s)))));
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static <T> Message<T> keyed(String customerId, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(customerId).build());
    }
}
