package dev.earlywarning.alerts.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.WebhookSigner;
import dev.earlywarning.alerts.service.AlertsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

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

    public WebhookClient(AlertsConfig config, Vertx vertx) {
        this.timeout = config.delivery().timeout();
        // Vert.x's client: requests and answers stay on the event loop, no thread hand-offs per webhook.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(WebhookDispatcher.PARALLEL_SENDS)
                .setKeepAlive(true));
    }

    /** Sends one message, signed with the secret and, during a rotation, with the previous one too. */
    public Uni<Result> send(String url, String secret, String previousSecret, String messageId, long timestampSeconds,
                            String body) {
        RequestOptions request;
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            request = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.POST)
                    .setFollowRedirects(false)
                    .setIdleTimeout(timeout.toMillis())
                    .putHeader("content-type", "application/json")
                    .putHeader("user-agent", "early-warning-alert-service")
                    .putHeader("webhook-id", messageId)
                    .putHeader("webhook-timestamp", Long.toString(timestampSeconds))
                    .putHeader("webhook-signature", signatures(secret, previousSecret, messageId, timestampSeconds, body));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new Result(null, Optional.empty(), "invalid URL: " + e.getMessage()));
        }
        return http.request(request)
                .chain(outgoing -> outgoing.send(body))
                // The answer's body is read (and dropped) so the connection can carry the next webhook.
                .chain(response -> response.body().map(ignored -> new Result(response.statusCode(),
                        retryAfter(response.getHeader("retry-after")), null)))
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + timeout.toMillis() + " ms"))
                .onFailure().recoverWithItem(failure -> new Result(null, Optional.empty(),
                        failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /** Standard Webhooks: several signatures are separated by spaces; a receiver accepts any that verifies. */
    private static String signatures(String secret, String previousSecret, String id, long timestamp, String body) {
        String current = WebhookSigner.sign(secret, id, timestamp, body);
        return previousSecret == null ? current : current + " " + WebhookSigner.sign(previousSecret, id, timestamp, body);
    }

    private static Optional<Duration> retryAfter(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // HTTP-date form: fall back to the schedule
        }
    }
}
