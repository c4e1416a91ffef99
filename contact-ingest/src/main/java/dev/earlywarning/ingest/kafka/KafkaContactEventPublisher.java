package dev.earlywarning.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.service.ContactEventPublisher;
import dev.earlywarning.ingest.service.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes canonical events to the canonical topic ({@code ingest.topic}), keyed by customer id so
 * a customer's events stay in order, with acks=all and idempotence: a request is answered only after
 * the broker has every event of it.
 *
 * <p>The Kafka client is used directly rather than through a Reactive Messaging emitter: the
 * emitter wraps every event in a message, a reactive pipeline and context propagation, which cost
 * more CPU than the send itself (ingest benchmark, profiled). Events are serialised on the
 * caller's thread and handed to one sender thread per request, because {@code send} may block
 * (metadata, a full buffer) and must not do so on an event loop.
 */
@ApplicationScoped
public class KafkaContactEventPublisher implements ContactEventPublisher {

    private final Producer<String, byte[]> producer;
    private final KafkaClientMetrics metrics;
    private final String topic;
    private final ObjectWriter writer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "contact-events-sender");
        thread.setDaemon(true);
        return thread;
    });

    public KafkaContactEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                                      IngestConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this.topic = config.topic();
        this.writer = mapper.writerFor(ContactEvent.class);
        this.producer = new KafkaProducer<>(producerConfig(kafka, config), new StringSerializer(),
                new ByteArraySerializer());
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, IngestConfig config) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "contact-ingest-" + config.topic());
        // What a 202 promises: every in-sync replica has the event, and a retried send is not doubled.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.producerLinger().toMillis());
        long request = config.publishTimeout().toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        // The client's own deadline for a record: after it, the send fails rather than waiting on.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) (2 * request + config.producerLinger().toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) request);
        return props;
    }

    @Override
    public List<CompletableFuture<Void>> publish(List<ContactEvent> events) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (ContactEvent event : events) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                records.add(new ProducerRecord<>(topic, null, event.customerId(), writer.writeValueAsBytes(event),
                        new RecordHeaders().add(PublishedEventIds.EVENT_ID_HEADER,
                                event.eventId().getBytes(StandardCharsets.UTF_8))));
            } catch (JsonProcessingException e) {
                records.add(null);
                ack.completeExceptionally(e);
            }
        }
        try {
            sender.execute(() -> send(records, acks));
        } catch (RejectedExecutionException e) {
            acks.forEach(ack -> ack.completeExceptionally(new IllegalStateException("The service is stopping")));
        }
        return acks;
    }

    private void send(List<ProducerRecord<String, byte[]>> records, List<CompletableFuture<Void>> acks) {
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> record = records.get(i);
            CompletableFuture<Void> ack = acks.get(i);
            if (record == null) {
                continue;
            }
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
        }
    }

    /** Whether the producer holds a connection to the cluster (its {@code connection-count} metric). */
    boolean connected() {
        return producer.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("connection-count")
                        && metric.getKey().group().equals("producer-metrics"))
                .anyMatch(metric -> metric.getValue().metricValue() instanceof Number count && count.doubleValue() > 0);
    }

    /** Sends what was handed over, waits for the broker's answers, then closes the client. */
    String topic() {
        return topic;
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
