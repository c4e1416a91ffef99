package dev.earlywarning.ingest.kafka;

import dev.earlywarning.commons.kafka.KafkaClientProperties;
import io.smallrye.common.annotation.Identifier;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import dev.earlywarning.ingest.service.DuplicateGuard;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import dev.earlywarning.ingest.domain.EventIdIndex;
import dev.earlywarning.ingest.service.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the de-duplication index in step with the canonical topic itself: on start it reads the
 * last window of {@code contact-events} (only the event-id header), then follows the topic. So the
 * window survives a restart and every instance learns the ids the others published, with no store
 * of its own. The service is not ready until the index has caught up.
 */
@Readiness
@ApplicationScoped
public class PublishedEventIds implements HealthCheck {

    public static final String EVENT_ID_HEADER = "ew-event-id";
    /** The event's source system: ids are unique per source (records before it have none). */
    public static final String SOURCE_HEADER = "ew-source-system";

    /** The headers this reader learns a published event's de-duplication key from. */
    public static org.apache.kafka.common.header.Headers headers(dev.earlywarning.ingest.event.ContactEvent event) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders()
                .add(EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
        if (event.sourceSystem() != null) {
            headers.add(SOURCE_HEADER, event.sourceSystem().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
    private static final Logger LOG = Logger.getLogger(PublishedEventIds.class);

    private final EventIdIndex index;
    private final Map<String, Object> kafka;
    private final Clock clock;
    private final String topic;
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;

    public PublishedEventIds(EventIdIndex index, MeterRegistry registry,
                             @Identifier("default-kafka-broker") Map<String, Object> kafka,
                             IngestConfig config, Clock clock) {
        this.index = index;
        this.clock = clock;
        this.kafka = kafka;
        this.topic = config.topic();
        Gauge.builder("ew.ingest.dedup.ids", index, EventIdIndex::size)
                .description("Event ids held for de-duplication").register(registry);
    }

    /** The index, sized by configuration. */
    @Produces
    @Singleton
    static EventIdIndex eventIdIndex(IngestConfig config) {
        return new EventIdIndex(config.dedupWindow(), config.dedupMaxIds());
    }

    void start(@Observes StartupEvent startup) {
        reader = new Thread(this::follow, "published-event-ids");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * The reader's client: the service's Kafka connection (TLS and SASL included, as the connector's
     * clients get it), no group (it assigns and seeks itself).
     */
    static Map<String, Object> consumerConfig(Map<String, Object> kafka) {
        Map<String, Object> props = KafkaClientProperties.consumer(kafka, "contact-ingest-event-ids");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // It reads every event back only for its id, and this instance knows the ids it wrote
        // itself: fetch in larger chunks (fewer requests to the broker) and skip the CRC check.
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        return props;
    }

    private void follow() {
        Map<String, Object> props = consumerConfig(kafka);
        while (running.get()) {
            try (KafkaConsumer<byte[], byte[]> c =
                         new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                Map<TopicPartition, Long> end = seekToWindow(c);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(500))) {
                        Header id = record.headers().lastHeader(EVENT_ID_HEADER);
                        // Ids this instance wrote are known already; others' are learnt here.
                        if (id == null) {
                            continue;
                        }
                        Header source = record.headers().lastHeader(SOURCE_HEADER);
                        String key = DuplicateGuard.key(source == null ? null
                                : new String(source.value(), StandardCharsets.UTF_8),
                                new String(id.value(), StandardCharsets.UTF_8));
                        if (!index.contains(key)) {
                            index.add(key, Instant.ofEpochMilli(record.timestamp()), clock.instant());
                        }
                    }
                    if (!caughtUp.get() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                        caughtUp.set(true);
                        LOG.infof("De-duplication index caught up: %d event ids of the last %s", index.size(),
                                index.window());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Reading published event ids failed (%s); retrying", e.getMessage());
                sleep();
            }
        }
    }

    private Map<TopicPartition, Long> seekToWindow(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(partitions);
        long from = clock.instant().minus(index.window()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            c.seek(p, start == null ? end.get(p) : start.offset());
        }
        return end;
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("De-duplication index").status(caughtUp.get())
                .withData("eventIds", index.size()).build();
    }
}
