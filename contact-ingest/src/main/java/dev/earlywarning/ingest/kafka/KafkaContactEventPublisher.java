package dev.earlywarning.ingest.kafka;

import dev.earlywarning.commons.kafka.KafkaClientProperties;
import dev.earlywarning.commons.tracing.Traces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.service.ContactEventPublisher;
import dev.earlywarning.ingest.service.EventRefusedException;
import dev.earlywarning.ingest.service.PublishUnavailableException;
import dev.earlywarning.ingest.service.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
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
    private final long publishTimeoutNanos;
    /**
     * One sender thread behind a bounded queue of requests: while the broker is unreachable, sends
     * block (up to max.block.ms), and an unbounded queue would hold every request of the outage and
     * publish them long after they were answered 503. A full queue answers 503 at once.
     */
    private final ThreadPoolExecutor sender;
    private final Traces traces;

    @Inject
    public KafkaContactEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                                      IngestConfig config, ObjectMapper mapper, MeterRegistry registry, Traces traces) {
        this(new KafkaProducer<>(producerConfig(kafka, config), new StringSerializer(), new ByteArraySerializer()),
                config, mapper, traces);
        metrics.bindTo(registry);
        Gauge.builder("ew.ingest.publish.queue", sender, executor -> executor.getQueue().size())
                .description("Requests waiting for the Kafka sender thread").register(registry);
    }

    KafkaContactEventPublisher(Producer<String, byte[]> producer, IngestConfig config, ObjectMapper mapper,
                               Traces traces) {
        this.producer = producer;
        this.traces = traces;
        this.topic = config.topic();
        this.writer = mapper.writerFor(ContactEvent.class);
        this.metrics = new KafkaClientMetrics(producer);
        this.publishTimeoutNanos = config.publishTimeout().toNanos();
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.maxPendingRequests()), runnable -> {
            Thread thread = new Thread(runnable, "contact-events-sender");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, IngestConfig config) {
        Map<String, Object> props = KafkaClientProperties.producer(kafka, "contact-ingest-" + config.topic());
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
        // One producer span per request, under the request's own span; its context goes with every
        // record, so the scorer's work on an event continues the trace of the POST that brought it.
        Span span = traces.messaging("publish", SpanKind.PRODUCER, topic, Context.current());
        span.setAttribute(Traces.BATCH_SIZE, (long) events.size());
        Context traced = Context.current().with(span);
        for (ContactEvent event : events) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                var headers = PublishedEventIds.headers(event);
                traces.inject(traced, headers);
                records.add(new ProducerRecord<>(topic, null, event.customerId(), writer.writeValueAsBytes(event),
                        headers));
            } catch (JsonProcessingException e) {
                records.add(null);
                ack.completeExceptionally(e);
            }
        }
        long deadline = System.nanoTime() + publishTimeoutNanos;
        try {
            sender.execute(() -> send(records, acks, deadline));
        } catch (RejectedExecutionException e) {
            String reason = sender.isShutdown() ? "the service is stopping"
                    : "too many requests are waiting for Kafka (" + sender.getQueue().size() + ")";
            acks.forEach(ack -> ack.completeExceptionally(new PublishUnavailableException(reason, e)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getMessage());
            }
            span.end();
        });
        return acks;
    }

    private void send(List<ProducerRecord<String, byte[]>> records, List<CompletableFuture<Void>> acks, long deadline) {
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> record = records.get(i);
            CompletableFuture<Void> ack = acks.get(i);
            if (record == null) {
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                // Answered 503 already: sending it now would write an event its producer was told failed.
                ack.completeExceptionally(new PublishUnavailableException("not sent: the publish timeout passed "
                        + "while it waited for the sender", null));
                continue;
            }
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(classify(failure));
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(classify(e));
            }
        }
    }

    /**
     * A failure that sending again cannot cure (the record too large for the topic, an invalid
     * record, a serialisation error) is the event's, not an outage's: it is refused, not retried.
     */
    static Throwable classify(Throwable failure) {
        if (failure instanceof RecordTooLargeException) {
            return new EventRefusedException("Kafka refused the event as too large for the topic: "
                    + failure.getMessage(), true, failure);
        }
        if (failure instanceof InvalidRecordException || failure instanceof SerializationException
                || failure instanceof InvalidTopicException) {
            return new EventRefusedException("Kafka refused the event: " + failure.getMessage(), false, failure);
        }
        return failure;
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
