package dev.earlywarning.ingest.kafka;

import dev.earlywarning.platform.test.Auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.test.TopicReader;
import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.LiveTraffic;
import dev.earlywarning.simulator.Output;
import dev.earlywarning.simulator.Progress;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The simulator's live traffic, both ways in, on the real broker: every event arrives, keyed by customer. */
@QuarkusTest
class SimulatedTrafficTest {

    @TestHTTPResource("/")
    URL ingest;

    private static List<ContactEvent> population(long seed) {
        SimulationConfig config = SimulationConfig.defaults().withSeed(seed).withCustomers(80)
                .withPeriod(Instant.now().minus(Duration.ofDays(61)).truncatedTo(ChronoUnit.SECONDS), 60);
        return Output.timeOrdered(new Simulator(config).population(false).toList(), Duration.ZERO);
    }

    private static Progress quiet(int total) {
        return Progress.lines("test", total, "events", new PrintStream(OutputStream.nullOutputStream()));
    }

    private static void assertAllPublishedByCustomer(List<ContactEvent> events) {
        Map<String, String> customerOf = events.stream()
                .collect(Collectors.toMap(ContactEvent::eventId, ContactEvent::customerId));
        List<ConsumerRecord<String, String>> published = TopicReader.await("contact-events",
                r -> customerOf.keySet().stream().anyMatch(id -> r.value().contains("\"" + id + "\"")),
                events.size(), Duration.ofSeconds(60));
        Map<String, ConsumerRecord<String, String>> byId = published.stream().collect(Collectors.toMap(
                r -> r.value().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1"), Function.identity(), (a, b) -> a));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(customerOf.keySet());
        byId.forEach((id, record) -> assertThat(record.key()).isEqualTo(customerOf.get(id)));
    }

    @Test
    void simulatedTrafficOverRestIsAcceptedAndPublishedKeyedByCustomer() throws Exception {
        List<ContactEvent> events = population(101);
        assertThat(events).hasSizeGreaterThan(50);
        LiveTraffic.Summary summary;
        try (LiveTraffic.Target target = LiveTraffic.rest(ingest.toString(), Auth.tokens().producer("simulator"))) {
            summary = LiveTraffic.send(events, target, 0, 100, quiet(events.size()));
        }
        assertThat(summary.accepted()).isEqualTo(events.size());
        assertThat(summary.rejected()).isZero();
        assertAllPublishedByCustomer(events);
    }

    @Test
    void simulatedTrafficOnTheInboundTopicIsPublishedCanonically() throws Exception {
        List<ContactEvent> events = population(102);
        try (LiveTraffic.Target target = LiveTraffic.kafka(Platform.shared().bootstrapServers(),
                "contact-events.inbound")) {
            LiveTraffic.send(events, target, 0, 500, quiet(events.size()));
        }
        assertAllPublishedByCustomer(events);
    }
}
