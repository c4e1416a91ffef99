package dev.earlywarning.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The contact history the restart and fault-injection tests feed the scorer. */
public final class History {

    private History() {
    }

    /**
     * A year of mixed events for {@code customers} customers in event-time order, from a fixed seed:
     * the same history every run, so an uninterrupted scorer's result is the reference. Each is
     * {key, value}; event ids are {@code <run>-<n>}.
     */
    public static List<String[]> events(String prefix, String run, int customers, int events) {
        Random random = new Random(42);
        String[] sentiments = {"positive", "neutral", "negative"};
        String[] channels = {"phone", "email", "chat", "whatsapp"};
        String[] outcomes = {"resolved", "unresolved", "abandoned"};
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<String[]> history = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String customer = prefix + random.nextInt(customers);
            Instant at = t0.plus(Duration.ofMinutes(130L * i));
            int kind = random.nextInt(100);
            String body;
            if (kind < 70) {
                body = """
                        "type":"contact","channel":"%s","direction":"%s","caseRef":"CASE-%d","outcome":"%s",\
                        "sentiment":"%s","effortScore":%d,"waitSeconds":%d""".formatted(
                        channels[random.nextInt(channels.length)], random.nextInt(10) < 8 ? "inbound" : "outbound",
                        random.nextInt(3), outcomes[random.nextInt(outcomes.length)],
                        sentiments[random.nextInt(sentiments.length)], 1 + random.nextInt(7), random.nextInt(120));
            } else if (kind < 80) {
                body = "\"type\":\"survey\",\"nps\":%d".formatted(random.nextInt(11));
            } else if (kind < 88) {
                body = "\"type\":\"promise_made\",\"promiseId\":\"P-%d\",\"promiseDueAt\":\"%s\"".formatted(
                        random.nextInt(2), at.plus(Duration.ofDays(1 + random.nextInt(5))));
            } else if (kind < 92) {
                body = "\"type\":\"promise_kept\",\"promiseId\":\"P-%d\"".formatted(random.nextInt(2));
            } else if (kind < 96) {
                body = "\"type\":\"complaint_opened\",\"caseRef\":\"K-%d\"".formatted(random.nextInt(2));
            } else {
                body = "\"type\":\"%s\",\"caseRef\":\"K-%d\"".formatted(
                        random.nextBoolean() ? "complaint_resolved" : "complaint_reopened", random.nextInt(2));
            }
            history.add(new String[] {customer,
                    "{\"schemaVersion\":1,\"eventId\":\"%s-%d\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",%s}"
                            .formatted(run, i, customer, at, body)});
        }
        return history;
    }
}
