package dev.earlywarning.scorer.service;

import dev.earlywarning.commons.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.earlywarning.scorer.domain.ConsumptionStall;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * Not ready when consumption has stopped while owned partitions have lag
 * ({@link ConsumptionStall}): the log's end offsets are asked of the broker only once no batch has
 * been scored for {@code scorer.consumption-stall-timeout}, so a healthy scorer costs nothing here.
 * {@code ew_scorer_consumption_stalled} is 1 while it lasts.
 */
@Readiness
@ApplicationScoped
public class ConsumptionReadiness implements HealthCheck {

    private final ScoringService scoring;
    private final Duration timeout;
    private final Map<String, Object> kafka;
    private final AtomicInteger stalled = new AtomicInteger();
    private Admin admin;

    public ConsumptionReadiness(ScoringService scoring, ScorerConfig config, MeterRegistry registry,
                                @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.scoring = scoring;
        this.timeout = config.consumptionStallTimeout();
        this.kafka = kafka;
        Gauge.builder("ew.scorer.consumption.stalled", stalled, AtomicInteger::get)
                .description("1 while no batch is scored although owned partitions have lag").register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Consumption");
        Duration idle = scoring.sinceProgress();
        Map<Integer, Long> scored = scoring.scoredOffsets();
        if (idle.compareTo(timeout) <= 0 || scored.isEmpty()) {
            stalled.set(0);
            return response.up().build();
        }
        Map<Integer, Long> lag;
        try {
            lag = ConsumptionStall.lagWhileStalled(idle, timeout, scored, logEnd(scoring.topic(), scored.keySet()));
        } catch (Exception e) {
            // The broker cannot be asked: Kafka's own readiness check reports that.
            return response.up().withData("endOffsets", "unknown: " + e.getMessage()).build();
        }
        stalled.set(lag.isEmpty() ? 0 : 1);
        response.status(lag.isEmpty()).withData("sinceLastBatchMillis", idle.toMillis());
        lag.forEach((partition, records) -> response.withData("lag-" + partition, records));
        return response.build();
    }

    private synchronized Map<Integer, Long> logEnd(String topic, Set<Integer> partitions) throws Exception {
        if (admin == null) {
            admin = Admin.create(KafkaClientProperties.admin(kafka, "health-scorer-readiness"));
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get(2, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
