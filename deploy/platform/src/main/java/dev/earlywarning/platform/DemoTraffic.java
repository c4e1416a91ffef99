package dev.earlywarning.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A little traffic for the demo: three customers whose contacts tell three stories, one of which
 * ends in an alert.
 */
public final class DemoTraffic {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoTraffic() {
    }

    /** One contact event as JSON, the same shape the README's curl example posts. */
    public static String contactEvent(String eventId, String customerId, Instant at, String channel, String sentiment,
                                      String outcome, int effortScore) {
        return """
                {"eventId":"%s","customerId":"%s","occurredAt":"%s","segment":"retail","sourceSystem":"demo",\
                "type":"contact","channel":"%s","direction":"inbound","journey":"complaint","caseRef":"CASE-%s",\
                "outcome":"%s","sentiment":"%s","effortScore":%d}""".formatted(eventId, customerId, at, channel,
                customerId, outcome, sentiment, effortScore);
    }

    /**
     * Posts the demo events to contact-ingest; returns one line per event with the answer.
     *
     * @param token a producer token of source {@code demo}
     */
    public static List<String> send(String ingestUrl, String token) {
        Instant now = Instant.now();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> events = List.of(
                // A happy customer: one quick, positive chat.
                contactEvent("demo-" + run + "-1", "C-1001", now.minusSeconds(600), "chat", "positive", "resolved", 2),
                // A customer on the edge: a neutral call, then a negative one that was resolved.
                contactEvent("demo-" + run + "-2", "C-1002", now.minusSeconds(500), "phone", "neutral", "resolved", 3),
                contactEvent("demo-" + run + "-3", "C-1002", now.minusSeconds(400), "email", "negative", "resolved", 4),
                // The third call about the same problem: negative, unresolved, much effort. This one alerts.
                contactEvent("demo-" + run + "-4", "C-1003", now.minusSeconds(300), "phone", "neutral", "unresolved", 5),
                contactEvent("demo-" + run + "-5", "C-1003", now.minusSeconds(200), "phone", "negative", "unresolved", 6),
                contactEvent("demo-" + run + "-6", "C-1003", now.minusSeconds(100), "phone", "negative", "unresolved", 7));
        List<String> answers = new ArrayList<>();
        for (String event : events) {
            answers.add(post(ingestUrl + "/events", event, token));
        }
        return answers;
    }

    static String post(String url, String json, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
