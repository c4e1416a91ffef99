package dev.earlywarning.alerts.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.WebhookSigner;
import dev.earlywarning.alerts.service.AlertsConfig;
import io.smallrye.mutiny.Uni;

/**
 * The one outbound HTTP call of the service. Policy: a timeout per attempt, redirects never
 * followed, no retries here (the dispatcher's schedule retries), every failure reported as a result.
 */
@ApplicationScoped
public class WebhookClient {

    /** What one attempt got: a status (or none when the request failed) and the Retry-After, if any. */
    public record Result(Integer status, Optional<Duration> retryAfter, String error) {
        public boolean success() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public WebhookClient(AlertsConfig config) {
        this.timeout = config.delivery().timeout();
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** Sends one message, signed with the secret and, during a rotation, with the previous one too. */
    public Uni<Result> send(String url, String secret, String previousSecret, String messageId, long timestampSeconds,
                            String body) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("content-type", "application/json")
                    .header("user-agent", "early-warning-alert-service")
                    .header("webhook-id", messageId)
                    .header("webhook-timestamp", Long.toString(timestampSeconds))
                    .header("webhook-signature", signatures(secret, previousSecret, messageId, timestampSeconds, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new Result(null, Optional.empty(), "invalid URL: " + e.getMessage()));
        }
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> new Result(response.statusCode(), retryAfter(response), null))
                .onFailure().recoverWithItem(failure -> new Result(null, Optional.empty(),
                        failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /** Standard Webhooks: several signatures are separated by spaces; a receiver accepts any that verifies. */
    private static String signatures(String secret, String previousSecret, String id, long timestamp, String body) {
        String current = WebhookSigner.sign(secret, id, timestamp, body);
        return previousSecret == null ? current : current + " " + WebhookSigner.sign(previousSecret, id, timestamp, body);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("retry-after").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // HTTP-date form: fall back to the schedule
            }
        });
    }
}
