package dev.earlywarning.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends events at a steady rate to contact-ingest's REST API (batches) or to the inbound Kafka
 * topic, in the order given. A refused or failed send is retried until it is acknowledged, so
 * every event arrives exactly as generated (the ingest de-duplicates re-sends by event id).
 */
public final class LiveTraffic {

    /** What the receiving side answered, summed over the run. */
    public record Summary(long accepted, long duplicates, long rejected, double seconds) {
        public double rate() {
            return (accepted + duplicates + rejected) / Math.max(1e-9, seconds);
        }
    }

    /** Where events go. */
    public interface Target extends AutoCloseable {
        /** Sends a slice of events; returns {accepted, duplicates, rejected}, retrying until it can. */
        long[] send(List<ContactEvent> events) throws InterruptedException;

        @Override
        void close();
    }

    private LiveTraffic() {
    }

    /**
     * Sends {@code events} at {@code perSecond} (0: as fast as the target takes them), in slices of
     * at most {@code slice} events.
     */
    public static Summary send(List<ContactEvent> events, Target target, double perSecond, int slice,
                               Progress progress) throws InterruptedException {
        long started = System.nanoTime();
        long[] totals = new long[3];
        for (int from = 0; from < events.size(); from += slice) {
            List<ContactEvent> part = events.subList(from, Math.min(events.size(), from + slice));
            if (perSecond > 0) {
                long dueNanos = started + (long) (from / perSecond * 1e9);
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long[] answer = target.send(part);
            for (int i = 0; i < 3; i++) {
                totals[i] += answer[i];
            }
            progress.step(part.size());
        }
        return new Summary(totals[0], totals[1], totals[2], (System.nanoTime() - started) / 1e9);
    }

    /**
     * POST /events/batch on contact-ingest; honours 503 and 429 with Retry-After.
     *
     * @param bearerToken a producer's token (role event-writer, source {@code simulator}), or null
     */
    public static Target rest(String ingestUrl, String bearerToken) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(ingestUrl.replaceAll("/+$", "") + "/events/batch");
        return new Target() {
            @Override
            public long[] send(List<ContactEvent> events) throws InterruptedException {
                String body = Output.json(events);
                while (true) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                    if (bearerToken != null && !bearerToken.isBlank()) {
                        request.header("authorization", "Bearer " + bearerToken);
                    }
                    try {
                        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            JsonNode result = Output.JSON.readTree(response.body());
                            return new long[] {result.path("accepted").asLong(), result.path("duplicates").asLong(),
                                    result.path("rejected").asLong()};
                        }
                        if (response.statusCode() != 503 && response.statusCode() != 429) {
                            throw new IllegalStateException("contact-ingest answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                        long retryAfter = response.headers().firstValueAsLong("retry-after").orElse(1);
                        TimeUnit.SECONDS.sleep(Math.max(1, retryAfter));
                    } catch (IOException e) {
                        // Not up yet, or restarting: the batch was not acknowledged, so it is sent again.
                        TimeUnit.SECONDS.sleep(1);
                    }
                }
            }

            @Override
            public void close() {
                // Java 17's HttpClient has no close(); its threads end with the JVM.
            }
        };
    }

    /** Publishes to a Kafka topic (normally contact-events.inbound), keyed by customer, acks=all. */
    public static Target kafka(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        return new Target() {
            @Override
            public long[] send(List<ContactEvent> events) throws InterruptedException {
                List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
                for (ContactEvent event : events) {
                    sent.add(producer.send(new ProducerRecord<>(topic, event.customerId(), Output.json(event))));
                }
                for (Future<RecordMetadata> future : sent) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("Kafka did not take an event: " + e.getCause().getMessage(), e);
                    }
                }
                return new long[] {events.size(), 0, 0};
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(10));
            }
        };
    }
}
