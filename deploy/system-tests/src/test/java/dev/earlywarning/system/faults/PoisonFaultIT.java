package dev.earlywarning.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.Topics;
import dev.earlywarning.system.Records;

/**
 * Scenario 7: poison records on every topic a service consumes (bad JSON, a valid shape with
 * out-of-range values, an oversize string). Each is dead-lettered with its reason and source, and
 * a good record written after them is processed: consumption goes on, nothing else is lost.
 */
class PoisonFaultIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String RUN = FaultKit.run();
    private static final String LONG = "x".repeat(10_000);

    @Test
    void scenario7PoisonOnEveryConsumedTopicIsDeadLetteredAndConsumptionGoesOn() throws Exception {
        Platform platform = Platform.shared();
        try (LocalSystem system = LocalSystem.startOn(platform, FaultKit.ROOT, LocalSystem.Ports.free(),
                System.getenv(), FaultKit.ROOT.resolve("deploy/system-tests/target/service-logs/faults-poison"))) {
            String now = Instant.now().toString();
            Map<String, Object> figures = new LinkedHashMap<>();

            String inboundGood = "inbound-good-" + RUN;
            List<String[]> inbound = List.of(
                    new String[] {"poison-json-inbound-" + RUN, "{not json"},
                    new String[] {"poison-range-inbound-" + RUN, event("p2-" + RUN, "C-" + RUN, now, ",\"effortScore\":99")},
                    new String[] {"poison-size-inbound-" + RUN, event("p3-" + RUN, LONG, now, "")},
                    new String[] {inboundGood, event(inboundGood, inboundGood, now, "")});
            FaultKit.produce(platform.bootstrapServers(), Topics.CONTACT_EVENTS_INBOUND, inbound);

            String scorerGood = "scorer-good-" + RUN;
            List<String[]> canonical = List.of(
                    new String[] {"poison-json-scorer-" + RUN, "{not json"},
                    new String[] {"poison-range-scorer-" + RUN, event("s2-" + RUN, "poison-range-scorer-" + RUN,
                            "1600-01-01T00:00:00Z", "")},
                    new String[] {"poison-size-scorer-" + RUN, event("s3-" + RUN, "poison-size-scorer-" + RUN, now,
                            ",\"segment\":\"" + LONG + "\"")},
                    new String[] {scorerGood, event(scorerGood, scorerGood, now, "")});
            FaultKit.produce(platform.bootstrapServers(), Topics.CONTACT_EVENTS, canonical);

            String alertsGood = "alerts-good-" + RUN;
            List<String[]> signals = List.of(
                    new String[] {"poison-json-alerts-" + RUN, "{not json"},
                    new String[] {"poison-range-alerts-" + RUN, signal("poison-range-alerts-" + RUN, 1000)},
                    new String[] {"poison-size-alerts-" + RUN, signal(LONG, 20)},
                    new String[] {alertsGood, signal(alertsGood, 20)});
            FaultKit.produce(platform.bootstrapServers(), Topics.CHURN_RISK_SIGNALS, signals);

            check(platform, "contact-events.inbound", Topics.CONTACT_EVENTS_DLQ, inbound, figures);
            check(platform, "contact-events", Topics.HEALTH_SCORER_DLQ, canonical, figures);
            check(platform, "churn-risk-signals", Topics.ALERT_SERVICE_DLQ, signals, figures);

            FaultKit.await("the good inbound event published canonically", Duration.ofSeconds(60),
                    () -> !read(platform, Topics.CONTACT_EVENTS, r -> inboundGood.equals(r.key())).isEmpty());
            FaultKit.await("the good event scored", Duration.ofSeconds(60),
                    () -> status(system.scorerUrl() + "/customers/" + scorerGood + "/health") == 200);
            FaultKit.await("the good signal's alert opened", Duration.ofSeconds(60),
                    () -> body(system.alertsUrl() + "/alerts?customerId=" + alertsGood).contains(alertsGood));
            figures.put("good records after the poison processed", "3 of 3");
            FaultKit.report("7: poison records on every consumed topic", figures);
        }
    }

    private static void check(Platform platform, String topic, String dlq, List<String[]> records,
                              Map<String, Object> figures) {
        List<String> poisonKeys = records.stream().map(r -> r[0]).filter(k -> k.startsWith("poison-")).toList();
        List<ConsumerRecord<String, String>> dead = new ArrayList<>();
        FaultKit.await(topic + ": every poison record dead-lettered", Duration.ofSeconds(90), () -> {
            dead.clear();
            dead.addAll(read(platform, dlq, r -> poisonKeys.contains(r.key())));
            return dead.stream().map(ConsumerRecord::key).distinct().count() == poisonKeys.size();
        });
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, String> record : dead) {
            String reason = header(record, "dead-letter-reason");
            assertThat(reason).as("reason of %s", record.key()).isNotBlank();
            assertThat(header(record, "dead-letter-topic")).isEqualTo(topic);
            assertThat(header(record, "dead-letter-offset")).isNotBlank();
            reasons.add(record.key().replace("-" + RUN, "") + " → " + abbreviate(reason));
        }
        figures.put(topic + " poison sent", poisonKeys.size());
        figures.put(topic + " dead-lettered", dead.stream().map(ConsumerRecord::key).distinct().count());
        figures.put(topic + " reasons", String.join(" / ", reasons));
    }

    private static String abbreviate(String reason) {
        String oneLine = reason.replace('\n', ' ').replace("|", "/");
        return oneLine.length() > 90 ? oneLine.substring(0, 90) + "…" : oneLine;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String event(String eventId, String customerId, String at, String extra) {
        return ("{\"schemaVersion\":1,\"eventId\":\"%s\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"type\":\"contact\","
                + "\"channel\":\"phone\",\"sentiment\":\"negative\",\"outcome\":\"unresolved\"%s}")
                .formatted(eventId, customerId, at, extra);
    }

    private static String signal(String customer, int scoreAfter) {
        return ("{\"schemaVersion\":1,\"signalId\":\"%s\",\"kind\":\"RISK_RAISED\",\"customerId\":\"%s\","
                + "\"segment\":\"retail\",\"cause\":\"complaints\",\"severity\":\"CRITICAL\",\"scoreBefore\":80,"
                + "\"scoreAfter\":%d,\"bandAfter\":\"CRITICAL\",\"recommendedAction\":\"Call\","
                + "\"occurredAt\":\"2026-11-30T10:00:00Z\",\"drivers\":[]}")
                .formatted(java.util.UUID.randomUUID(), customer, scoreAfter);
    }

    private static List<ConsumerRecord<String, String>> read(Platform platform, String topic,
                                                             java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        return Records.readAll(platform.bootstrapServers(), topic).stream().filter(match).toList();
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                            .header("authorization", FaultKit.bearer()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String body(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                            .header("authorization", FaultKit.bearer()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
