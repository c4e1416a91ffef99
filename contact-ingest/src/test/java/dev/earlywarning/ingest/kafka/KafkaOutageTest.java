package dev.earlywarning.ingest.kafka;

import static io.restassured.RestAssured.given;
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
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        }

        @Override
        public void stop() {
            broker.close();
        }
    }

    private record Answer(String eventId, int status, String retryAfter, long millis) {
    }

    private static Answer post() {
        String eventId = "outage-" + UUID.randomUUID();
        String body = """
                {"eventId":"%s","customerId":"C-outage","occurredAt":"%s","type":"contact","channel":"chat"}"""
                .formatted(eventId, Instant.now());
        long start = System.nanoTime();
        Response response = given().contentType("application/json").body(body).when().post("/events");
        return new Answer(eventId, response.statusCode(), response.header("Retry-After"),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void anOutageIsAnswered503QuicklyAndNothingAcceptedIsLost() {
        KafkaBroker broker = OwnBrokerResource.broker;
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(post());
        }
        assertThat(answers).allMatch(a -> a.status() == 202);

        broker.close();
        List<Answer> duringOutage = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            duringOutage.add(post());
        }
        assertThat(duringOutage).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.retryAfter()).isEqualTo("3");
            assertThat(a.millis()).as("answered within the publish timeout and a margin").isLessThan(4_000);
        });
        answers.addAll(duringOutage);

        broker.restart();
        for (int i = 0; i < 5; i++) {
            answers.add(post());
        }

        Set<String> accepted = answers.stream().filter(a -> a.status() == 202).map(Answer::eventId)
                .collect(Collectors.toSet());
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(20);
        Set<String> published = TopicReader.readAll(broker.bootstrapServers(), "contact-events",
                        r -> r.value().contains("outage-"), Duration.ofSeconds(30)).stream()
                .map(r -> r.value().replaceAll(".*\"eventId\":\"(outage-[^\"]+)\".*", "$1"))
                .collect(Collectors.toSet());
        assertThat(published).containsAll(accepted);
    }
}
