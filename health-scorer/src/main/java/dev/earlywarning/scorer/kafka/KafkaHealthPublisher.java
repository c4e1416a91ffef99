package dev.earlywarning.scorer.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.service.HealthPublisher;
import dev.earlywarning.scorer.service.ScorerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes each changed customer's latest health (compacted topic) and every churn-risk signal,
 * keyed by customer id, with acks=all; returns when Kafka acknowledged all of them.
 *
 * <p>The Kafka client is used directly: the scorer publishes about one record per event, and
 * Reactive Messaging's emitters wrap each in a message, a reactive pipeline and context
 * propagation, which cost more CPU than the send (profiled in the ingest, which had the same
 * path). Sends run on the scorer's worker thread, which may block.
 */
@ApplicationScoped
public class KafkaHealthPublisher implements HealthPublisher {

    private final Producer<String, byte[]> producer;
    private final KafkaClientMetrics metrics;
    private final String healthTopic;
    private final String signalTopic;
    private final ObjectWriter healthWriter;
    private final ObjectWriter signalWriter;

    public KafkaHealthPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, ScorerConfig config,
                                ObjectMapper mapper, MeterRegistry registry) {
        this.healthTopic = config.healthTopic();
        this.signalTopic = config.signalTopic();
        this.healthWriter = mapper.writerFor(HealthUpdate.class);
        this.signalWriter = mapper.writerFor(ChurnRiskSignal.class);
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "health-scorer-publisher");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    @Override
    public void publish(List<ScoringEngine.Outcome> outcomes) {
        Map<String, ScoringEngine.Outcome> latestChanged = new LinkedHashMap<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (ScoringEngine.Outcome outcome : outcomes) {
            if (outcome.changed()) {
                latestChanged.put(outcome.customerId(), outcome);
            }
            outcome.signal().ifPresent(s -> sends.add(send(signalTopic, outcome.customerId(), signalWriter, s)));
        }
        latestChanged.values().forEach(o -> sends.add(send(healthTopic, o.customerId(), healthWriter,
                new HealthUpdate(1, o.customerId(), o.state().segment(), o.health().score(), o.health().band(),
                        o.health().confidence(), o.health().drivers(), o.health().policyVersion(),
                        o.health().assessedAt(), o.cause()))));
        if (sends.isEmpty()) {
            return;
        }
        // The batch is complete: send now rather than after linger.ms, and wait for every answer.
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not take a health update or signal", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing", e);
            }
        }
    }

    private Future<RecordMetadata> send(String topic, String customerId, ObjectWriter writer, Object payload) {
        try {
            return producer.send(new ProducerRecord<>(topic, customerId, writer.writeValueAsBytes(payload)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + payload.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Whether the producer holds a connection to the cluster (its {@code connection-count} metric). */
    public boolean connected() {
        return producer.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("connection-count")
                        && metric.getKey().group().equals("producer-metrics"))
                .anyMatch(metric -> metric.getValue().metricValue() instanceof Number count && count.doubleValue() > 0);
    }

    @PreDestroy
    void close() {
        metrics.close();
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
