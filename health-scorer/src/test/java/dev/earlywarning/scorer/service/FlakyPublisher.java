package dev.earlywarning.scorer.service;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.kafka.KafkaHealthPublisher;
import io.smallrye.mutiny.Uni;

/** The real publisher, made to fail its next few publishes on demand (a Kafka outage, as the scorer sees it). */
@Alternative
@Priority(1)
@ApplicationScoped
public class FlakyPublisher implements HealthPublisher {

    private final KafkaHealthPublisher kafka;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public FlakyPublisher(KafkaHealthPublisher kafka) {
        this.kafka = kafka;
    }

    public void failNext(int times) {
        failuresLeft.set(times);
    }

    public int failed() {
        return failed.get();
    }

    @Override
    public Uni<Void> publish(List<ScoringEngine.Outcome> outcomes) {
        return Uni.createFrom().deferred(() -> {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failed.incrementAndGet();
                return Uni.createFrom().failure(new IllegalStateException("broker unreachable (test)"));
            }
            return kafka.publish(outcomes);
        });
    }

    @Override
    public Uni<Void> publishErasures(List<dev.earlywarning.scorer.domain.ChurnRiskSignal> erased) {
        return kafka.publishErasures(erased);
    }
}
