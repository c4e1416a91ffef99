package dev.earlywarning.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.KafkaBroker;
import dev.earlywarning.platform.ServiceProcess;
import dev.earlywarning.platform.Topics;
import dev.earlywarning.system.Records;

/**
 * Scenario 3: the broker stopped for 30 s under a stream of requests to the packaged
 * contact-ingest. Every event answered 202 is on the canonical topic afterwards; during the outage
 * every answer is a 503 with Retry-After, within the publish timeout.
 */
class OutageFaultIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    private record Answer(String eventId, int status, String retryAfter, long sentAt, long millis) {
    }

    @Test
    void scenario3BrokerStoppedFor30SecondsUnderLoad() throws Exception {
        KafkaBroker broker = KafkaBroker.start(Files.createTempDirectory("faults-kafka"), 0);
        Topics.createAll(broker.bootstrapServers());
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.putAll(FaultKit.securityEnv());
        ServiceProcess ingest = FaultKit.start("contact-ingest", "ingest-outage", env);
        List<Answer> answers = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        boolean[] running = {true};
        long stoppedAt;
        long restartBegan;
        long restartedAt;
        long recoveredAt;
        try {
            for (int i = 0; i < 4; i++) {
                clients.submit(() -> {
                    while (running[0]) {
                        answers.add(post(ingest.url()));
                    }
                    return null;
                });
            }
            FaultKit.sleep(10_000);
            broker.close();
            stoppedAt = System.nanoTime();
            FaultKit.sleep(30_000);
            restartBegan = System.nanoTime();
            broker.restart();
            restartedAt = System.nanoTime();
            FaultKit.await("twenty 202s in a row after the restart", Duration.ofSeconds(120), () -> {
                List<Answer> after = answers.stream().filter(a -> a.sentAt() > restartedAt).toList();
                return after.size() >= 20 && after.subList(after.size() - 20, after.size()).stream()
                        .allMatch(a -> a.status() == 202);
            }, ingest);
            recoveredAt = answers.stream().filter(a -> a.sentAt() > restartedAt && a.status() == 202)
                    .mapToLong(Answer::sentAt).min().orElseThrow();
            FaultKit.sleep(2_000);
        } finally {
            running[0] = false;
            clients.shutdown();
            clients.awaitTermination(60, TimeUnit.SECONDS);
            ingest.close();
        }
        try {
            Set<String> accepted = answers.stream().filter(a -> a.status() == 202).map(Answer::eventId)
                    .collect(Collectors.toSet());
            Map<String, Integer> onTopic = eventIdsOnTopic(broker.bootstrapServers());
            long settled = stoppedAt + Duration.ofSeconds(1).toNanos();
            // The broker takes a few seconds to start and accepts writes before restart() returns.
            List<Answer> during = answers.stream().filter(a -> a.sentAt() >= settled && a.sentAt() < restartBegan)
                    .toList();
            long slowest503 = answers.stream().filter(a -> a.status() == 503).mapToLong(Answer::millis).max().orElse(0);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("requests", answers.size());
            figures.put("answered 202", accepted.size());
            figures.put("answered 503", answers.stream().filter(a -> a.status() == 503).count());
            figures.put("other answers", answers.stream().filter(a -> a.status() != 202 && a.status() != 503).count());
            figures.put("sent during the outage", during.size());
            figures.put("of those 503", during.stream().filter(a -> a.status() == 503).count());
            figures.put("slowest 503 (ms)", slowest503);
            figures.put("202s missing from the topic", accepted.stream().filter(id -> !onTopic.containsKey(id)).count());
            figures.put("events on the topic twice", onTopic.values().stream().filter(n -> n > 1).count());
            figures.put("first 202 after the restart (s)", String.format("%.1f", (recoveredAt - restartedAt) / 1e9));
            FaultKit.report("3: broker stopped for 30 s under load", figures);

            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(202, 503));
            assertThat(during).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.retryAfter()).isNotNull();
            });
            assertThat(slowest503).isLessThanOrEqualTo(PUBLISH_TIMEOUT.toMillis() + 1_000);
            assertThat(onTopic.keySet()).containsAll(accepted);
        } finally {
            broker.close();
        }
    }

    private static Answer post(String base) {
        String eventId = "outage-" + UUID.randomUUID();
        String body = """
                {"eventId":"%s","customerId":"C-%d","occurredAt":"%s","type":"contact","channel":"chat"}"""
                .formatted(eventId, Math.abs(eventId.hashCode() % 100), Instant.now());
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                    .header("content-type", "application/json").header("authorization", FaultKit.bearer())
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return new Answer(eventId, response.statusCode(), response.headers().firstValue("retry-after").orElse(null),
                    start, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            return new Answer(eventId, -1, null, start, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Every event id on the canonical topic, with how often it is there. */
    private static Map<String, Integer> eventIdsOnTopic(String bootstrap) {
        Map<String, Integer> ids = new HashMap<>();
        for (ConsumerRecord<String, String> record : Records.readAll(bootstrap, Topics.CONTACT_EVENTS)) {
            ids.merge(record.value().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
        }
        return ids;
    }
}
