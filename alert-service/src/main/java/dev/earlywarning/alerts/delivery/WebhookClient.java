package dev.earlywarning.alerts.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.WebhookDestinations;
import dev.earlywarning.alerts.domain.WebhookSigner;
import dev.earlywarning.alerts.service.AlertsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * The one outbound HTTP call of the service. Policy: a timeout per attempt, redirects never
 * followed, no retries here (the dispatcher's schedule retries), every failure reported as a result.
 */
@ApplicationScoped
public class WebhookClient {

    /** What one attempt got: a status (or none when the request failed) and the Retry-After header, if any. */
    public record Result(Integer status, String retryAfter, String error) {
        public boolean success() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final DestinationGuard guard;

    public WebhookClient(AlertsConfig config, Vertx vertx, DestinationGuard guard) {
        this.guard = guard;
        this.timeout = config.delivery().timeout();
        this.maxResponseBytes = config.delivery().maxResponseBytes();
        // Vert.x's client: requests and answers stay on the event loop, no thread hand-offs per webhook.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                // Connections are pooled per host: subscriptions on one host must not queue behind
                // each other's slow sends. The dispatcher's lanes bound each subscription instead.
                .setMaxPoolSize(config.delivery().maxInFlight())
                .setKeepAlive(true)
                // SNI and certificate checks use the URL's host although the connection goes to the checked address.
                .setForceSni(true)
                .setVerifyHost(true)
                // The dispatcher opens the delivery's span itself, under the trace the delivery stored.
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE));
    }

    /**
     * Sends one message, signed with the secret and, during a rotation, with the previous one too,
     * to the address {@link DestinationGuard} checked for this very attempt; with the W3C
     * {@code traceparent} of the delivery's span, if it has one, so the receiver can join the trace.
     */
    public Uni<Result> send(String url, String secret, String previousSecret, String messageId, long timestampSeconds,
                            String body, String traceparent) {
        // A name that takes long to resolve holds its own lane no longer than a slow answer would.
        return guard.check(url)
                .ifNoItem().after(timeout).failWith(java.util.concurrent.TimeoutException::new)
                .chain(checked -> {
                    RequestOptions request = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.POST)
                            .setServer(SocketAddress.inetSocketAddress(checked.target().port(),
                                    checked.address().getHostAddress()))
                            .setFollowRedirects(false)
                            .setIdleTimeout(timeout.toMillis())
                            .putHeader("content-type", "application/json")
                            .putHeader("user-agent", "early-warning-alert-service")
                            .putHeader("webhook-id", messageId)
                            .putHeader("webhook-timestamp", Long.toString(timestampSeconds))
                            .putHeader("webhook-signature",
                                    signatures(secret, previousSecret, messageId, timestampSeconds, body));
                    if (traceparent != null) {
                        request.putHeader("traceparent", traceparent);
                    }
                    return http.request(request)
                            .chain(outgoing -> outgoing.send(body).chain(response -> drain(outgoing, response)))
                            .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException());
                })
                .onFailure().recoverWithItem(failure -> new Result(null, null, failureClass(failure)));
    }

    /**
     * What kind of failure an attempt met, for the delivery's {@code lastError}: never the address,
     * port or message of the underlying error, which would let a subscriber map the network.
     */
    static String failureClass(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof WebhookDestinations.Refused)) {
            if (cause instanceof javax.net.ssl.SSLException || cause.getClass().getSimpleName().contains("Timeout")) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof WebhookDestinations.Refused refused) {
            return "destination not allowed: " + refused.getMessage();
        }
        if (cause.getClass().getSimpleName().contains("Timeout")) { // JDK's, Netty's and Vert.x's own
            return "timeout";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "TLS handshake failed";
        }
        if (cause instanceof java.net.ConnectException || cause.getClass().getSimpleName().contains("Connect")) {
            return "connection refused";
        }
        if (cause instanceof io.vertx.core.http.HttpClosedException || cause instanceof java.io.IOException) {
            return "connection closed";
        }
        return "request failed";
    }

    /**
     * Reads the answer's body and drops it, so the connection can carry the next webhook, but at
     * most {@code maxResponseBytes}: a receiver that answers with an endless body loses its
     * connection instead of holding a sender.
     */
    private Uni<Result> drain(HttpClientRequest outgoing, HttpClientResponse response) {
        Result result = new Result(response.statusCode(), response.getHeader("retry-after"), null);
        return Uni.createFrom().emitter(emitter -> {
            long[] read = {0};
            io.vertx.core.http.HttpClientResponse bare = response.getDelegate();
            bare.exceptionHandler(emitter::fail);
            bare.endHandler(ignored -> emitter.complete(result));
            bare.handler(chunk -> {
                read[0] += chunk.length();
                if (read[0] > maxResponseBytes) {
                    bare.handler(null);
                    bare.endHandler(null);
                    bare.exceptionHandler(null);
                    outgoing.getDelegate().reset(); // closes an HTTP/1.1 connection: the rest is never read
                    emitter.complete(result);
                }
            });
        });
    }

    /** Standard Webhooks: several signatures are separated by spaces; a receiver accepts any that verifies. */
    private static String signatures(String secret, String previousSecret, String id, long timestamp, String body) {
        String current = WebhookSigner.sign(secret, id, timestamp, body);
        return previousSecret == null ? current : current + " " + WebhookSigner.sign(previousSecret, id, timestamp, body);
    }

}
