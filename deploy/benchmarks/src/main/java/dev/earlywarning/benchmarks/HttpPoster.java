package dev.earlywarning.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The benchmarks' HTTP client: Vert.x on one event loop, HTTP/1.1 with keep-alive, up to
 * {@code connections} connections per server. Java's HttpClient cost about 650 µs of CPU per
 * request here (a thread hand-off and its selector per exchange), as much as the service it
 * loaded, on the same two cores.
 */
final class HttpPoster implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;
    private final String authorization;

    /** @param bearerToken a producer's token (source simulator), sent with every request */
    HttpPoster(int connections, String bearerToken) {
        this.authorization = "Bearer " + bearerToken;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000)
                        .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** POSTs {@code body}; completes with the status code once the whole response has arrived. */
    CompletionStage<Integer> post(URI url, String contentType, String body) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .putHeader("content-type", contentType).putHeader("authorization", authorization).setTimeout(30_000);
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        status.complete(result.result());
                    } else {
                        status.completeExceptionally(result.cause());
                    }
                });
        return status;
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
