package dev.earlywarning.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint on loopback that records what it receives and checks Standard Webhooks
 * signatures independently of the sender's code. Serves the demo and the tests.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request; {@code traceparent} is the W3C trace context it came with, if any. */
    public record Received(String path, String webhookId, String timestamp, String signature, String body,
                           String traceparent) {

        /** Whether one of the signatures is HMAC-SHA256 of {@code id.timestamp.body} under the secret. */
        public boolean signedWith(String secret) {
            String key = secret.startsWith("whsec_") ? secret.substring(6) : secret;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
                String expected = "v1," + Base64.getEncoder().encodeToString(
                        mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
                return signature != null && List.of(signature.split(" ")).contains(expected);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    // A queue, not a copy-on-write list: benchmarks receive tens of thousands of webhooks.
    private final java.util.Queue<Received> received = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Deque<int[]>> scriptedStatuses = new ConcurrentHashMap<>();
    private final java.util.Queue<String> attempts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Consumer<Received> listener = r -> { };

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on the given port (0 picks a free one). */
    public static WebhookReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            // Several requests at once, as a real endpoint takes them (the default is one at a time).
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the webhook receiver", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} are answered with these statuses, in order; after them, 204. */
    public void answerNext(String path, int... statuses) {
        Deque<int[]> queue = scriptedStatuses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>());
        for (int status : statuses) {
            queue.add(new int[] {status, -1});
        }
    }

    /** The next request to {@code path} is answered with this status and a Retry-After in seconds. */
    public void answerNextWithRetryAfter(String path, int status, int retryAfterSeconds) {
        scriptedStatuses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>())
                .add(new int[] {status, retryAfterSeconds});
    }

    /** When each attempt (any status) of one webhook id to {@code path} arrived, in epoch milliseconds. */
    public List<Long> attemptTimes(String path, String webhookId) {
        String prefix = path + " " + webhookId + " ";
        return attempts.stream().filter(a -> a.startsWith(prefix))
                .map(a -> Long.parseLong(a.substring(prefix.length()))).toList();
    }

    public void onReceive(Consumer<Received> listener) {
        this.listener = listener;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits for a request that matches; empty if none came in time. */
    public Optional<Received> await(Predicate<Received> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Received> found = received.stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Received r = new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body,
                    exchange.getRequestHeaders().getFirst("traceparent"));
            attempts.add(r.path() + " " + r.webhookId() + " " + System.currentTimeMillis());
            Deque<int[]> script = scriptedStatuses.get(r.path());
            int[] scripted = script == null ? null : script.poll();
            int status = scripted == null ? 204 : scripted[0];
            if (scripted != null && scripted[1] >= 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(scripted[1]));
            }
            if (status >= 200 && status < 300) {
                received.add(r);
                listener.accept(r);
            }
            exchange.sendResponseHeaders(status, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
