package dev.earlywarning.ingest.kafka;


import dev.earlywarning.platform.test.Auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.KafkaBroker;
import dev.earlywarning.platform.Topics;
import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Stops the broker under a stream of requests: every answer is fast and honest (202 only for what
 * is in Kafka, else 503 with Retry-After), and nothing answered 202 is missing afterwards.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.OwnBroker.class)
class KafkaOutageTest {

    /** This class gets a broker of its own, since it stops it. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnBrokerResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.publish-timeout", "2s", "ingest.retry-after", "3s");
        }
    }

    public static class OwnBrokerResource implements QuarkusTestResourceLifecycleManager {
        static KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            try {
                broker = KafkaBroker.start(Files.createTempDirectory("outage-kafka"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Topics.createAll(broker.bootstrapServers());
            Map<String, String> config = new java.util.HashMap<>(Auth.serviceConfig());
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            return config;
        }

        @Override
        public void stop() {
            broker.close();
        }
    }

    private record Answer(String eventId, int status, String retryAfter, long sentAt, long millis) {
    }

    private static Answer post() {
        String eventId = "outage-" + UUID.randomUUID();
        String body = """
                {"eventId":"%s","customerId":"C-outage-%s","occurredAt":"%s","type":"contact","channel":"chat"}"""
                .formatted(eventId, eventId.hashCode() % 7, Instant.now());
        long start = System.nanoTime();
        Response response = Auth.producer("crm").contentType("application/json").body(body).when().post("/events");
        return new Answer(eventId, response.statusCode(), response.header("Retry-After"), start,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Clients posting without pause on a few connections, as the README's outage describes. */
    private static final class Stream implements AutoCloseable {
        private final List<Answer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        private volatile boolean running = true;

        Stream() {
            for (int i = 0; i < 4; i++) {
                clients.submit(() -> {
                    while (running) {
                        answers.add(post());
                    }
                });
            }
        }

        List<Answer> since(long nanos) {
            return answers.stream().filter(a -> a.sentAt() >= nanos).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            clients.shutdown();
            assertThat(clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anOutageIsAnswered503QuicklyAndNothingAcceptedIsLost() throws Exception {
        KafkaBroker broker = OwnBrokerResource.broker;
        List<Answer> answers;
        long outageFrom;
        long outageTo;
        long recovered;
        try (Stream stream = new Stream()) {
            // The stream under way before the outage (the first requests of a fresh service may take seconds).
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stream.answers.size() >= 20);
            assertThat(stream.answers).allMatch(a -> a.status() == 202);

            broker.close();
            outageFrom = System.nanoTime();
            Thread.sleep(8_000);
            outageTo = System.nanoTime();
            broker.restart();
            // After the restart the stream is accepted again, by itself.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<Answer> recent = stream.since(outageTo);
                return recent.size() >= 20 && recent.subList(recent.size() - 20, recent.size()).stream()
                        .allMatch(a -> a.status() == 202);
            });
            recovered = System.nanoTime();
            Thread.sleep(1_000);
            answers = List.copyOf(stream.answers);
        }

        // Every answer is honest and quick: 202, or 503 with Retry-After within the publish timeout.
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isIn(202, 503);
            if (a.status() == 503) {
                assertThat(a.retryAfter()).isEqualTo("3");
                assertThat(a.millis()).as("answered within the publish timeout and a margin").isLessThan(4_000);
            }
        });
        // Requests sent while the broker was down (after those in flight at its stop) were all refused.
        long settled = outageFrom + Duration.ofMillis(500).toNanos();
        List<Answer> during = answers.stream().filter(a -> a.sentAt() >= settled && a.sentAt() < outageTo).toList();
        assertThat(during).isNotEmpty().allMatch(a -> a.status() == 503);
        List<Answer> after = answers.stream().filter(a -> a.sentAt() >= recovered).toList();
        assertThat(after).isNotEmpty().allMatch(a -> a.status() == 202);

        Set<String> accepted = answers.stream().filter(a -> a.status() == 202).map(Answer::eventId)
                .collect(Collectors.toSet());
        Set<String> published = TopicReader.readAll(broker.bootstrapServers(), "contact-events",
                        r -> r.value().contains("outage-"), Duration.ofSeconds(30)).stream()
                .map(r -> r.value().replaceAll(".*\"eventId\":\"(outage-[^\"]+)\".*", "$1"))
                .collect(Collectors.toSet());
        System.out.printf("KafkaOutageTest: %d answers, %d accepted, %d refused during the outage, %d published%n",
                answers.size(), accepted.size(), during.size(), published.size());
        assertThat(published).containsAll(accepted);
    }
}
