package dev.earlywarning.scorer.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.service.HealthPublisher;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.earlywarning.commons.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes each changed customer's latest health (compacted topic) and every churn-risk signal,
 * keyed by customer id; completes when Kafka acknowledged all of them.
 */
@ApplicationScoped
public class KafkaHealthPublisher implements HealthPublisher {

    public static final String HEALTH_CHANNEL = "relationship-health";
    public static final String SIGNAL_CHANNEL = "churn-risk-signals";

    /**
     * Tombstones of erased customers on the same topic: a record whose value is null (a String
     * serializer writes null as null; the JSON one would write the text "null", which is no tombstone).
     */
    public static final String TOMBSTONE_CHANNEL = "relationship-health-tombstones";

    private final MutinyEmitter<HealthUpdate> health;
    private final MutinyEmitter<ChurnRiskSignal> signals;
    private final MutinyEmitter<Record<String, String>> tombstones;
    private final BatchTraces batchTraces;
    private final Traces traces;

    // A batch of 500 events may emit as many updates and signals at once: buffer beyond the default 256.
    public KafkaHealthPublisher(@Channel(HEALTH_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                                MutinyEmitter<HealthUpdate> health,
                                @Channel(SIGNAL_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                                MutinyEmitter<ChurnRiskSignal> signals,
                                @Channel(TOMBSTONE_CHANNEL) MutinyEmitter<Record<String, String>> tombstones,
                                BatchTraces batchTraces, Traces traces) {
        this.batchTraces = batchTraces;
        this.traces = traces;
        this.health = health;
        this.signals = signals;
        this.tombstones = tombstones;
    }

    @Override
    public Uni<Void> publishErasures(List<ChurnRiskSignal> erased) {
        if (erased.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (ChurnRiskSignal signal : erased) {
            sends.add(Uni.createFrom().deferred(() -> tombstones.send(Record.of(signal.customerId(), null))));
            sends.add(send(signals, SIGNAL_CHANNEL, signal.customerId(), signal, null));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    @Override
    public Uni<Void> publish(List<ScoringEngine.Outcome> outcomes) {
        Map<String, ScoringEngine.Outcome> latestChanged = new LinkedHashMap<>();
        List<Uni<Void>> sends = new ArrayList<>();
        for (ScoringEngine.Outcome outcome : outcomes) {
            if (outcome.changed()) {
                latestChanged.put(outcome.customerId(), outcome);
            }
            outcome.signal().ifPresent(s -> sends.add(send(signals, SIGNAL_CHANNEL, outcome.customerId(), s, traceOf(outcome))));
        }
        latestChanged.values().forEach(o -> sends.add(send(health, HEALTH_CHANNEL, o.customerId(),
                new HealthUpdate(1, o.customerId(), o.state().segment(), o.health().score(), o.health().band(),
                        o.health().confidence(), o.health().drivers(), o.health().policyVersion(),
                        o.health().assessedAt(), o.cause(), o.health().risk()), traceOf(o))));
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Context traceOf(ScoringEngine.Outcome outcome) {
        return outcome.event() == null ? null : batchTraces.of(outcome.event().eventId());
    }

    /**
     * Sent under the trace of the event that caused it, if it carried one: a producer span of its
     * own, whose context the record's headers carry. The connector's own tracing is off (it would
     * cost every record a span and context switches, traced or not: 4% of the scorer's CPU).
     */
    private <T> Uni<Void> send(MutinyEmitter<T> emitter, String topic, String customerId, T payload, Context trace) {
        return Uni.createFrom().deferred(() -> {
            var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(customerId);
            if (trace == null) {
                return emitter.sendMessage(Message.of(payload).addMetadata(metadata.build()));
            }
            Span span = traces.messaging("publish", SpanKind.PRODUCER, topic, trace);
            RecordHeaders headers = new RecordHeaders();
            traces.inject(trace.with(span), headers);
            return emitter.sendMessage(Message.of(payload).addMetadata(metadata.withHeaders(headers).build()))
                    .onTermination().invoke((ignored, failure, cancelled) -> {
                        if (failure != null) {
                            span.setStatus(StatusCode.ERROR, failure.getMessage());
                        }
                        span.end();
                    });
        });
    }
}
