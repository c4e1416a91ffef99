package dev.earlywarning.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load generator: {@code connections} requests in flight at all times, each
 * sent as soon as the previous one on its slot answered ({@link HttpPoster}: Vert.x, HTTP/1.1, one
 * connection per slot). Latency is recorded per request from send to complete response.
 */
final class HttpLoad {

    private final String bearerToken;

    /** @param bearerToken the producer's token every request carries */
    HttpLoad(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    /** What a run achieved. */
    record Outcome(long requests, long events, long failures, double seconds, org.HdrHistogram.Histogram latencyMicros) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /**
     * Posts {@code body.apply(n)} (n = 0, 1, ...) to {@code url} from {@code connections} slots for
     * {@code duration}; each body holds {@code eventsPerRequest} events.
     */
    Outcome run(URI url, String contentType, int connections, Duration duration, int eventsPerRequest,
                LongFunction<String> body) throws InterruptedException {
        try (HttpPoster poster = new HttpPoster(connections, bearerToken)) {
            AtomicLong sequence = new AtomicLong();
            AtomicLong requests = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            Recorder latencies = new Recorder(3);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            CountDownLatch done = new CountDownLatch(connections);
            for (int slot = 0; slot < connections; slot++) {
                next(poster, url, contentType, body, sequence, requests, failures, latencies, end, done);
            }
            done.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            long ok = requests.get() - failures.get();
            return new Outcome(requests.get(), ok * eventsPerRequest, failures.get(), seconds,
                    latencies.getIntervalHistogram());
        }
    }

    private void next(HttpPoster poster, URI url, String contentType, LongFunction<String> body, AtomicLong sequence,
                      AtomicLong requests, AtomicLong failures, Recorder latencies, long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        String payload = body.apply(sequence.getAndIncrement());
        long sent = System.nanoTime();
        poster.post(url, contentType, payload).whenComplete((status, error) -> {
            latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
            requests.incrementAndGet();
            // 202 for a single event, 200 for a batch whose items were all answered.
            if (error != null || (status != 202 && status != 200)) {
                failures.incrementAndGet();
            }
            next(poster, url, contentType, body, sequence, requests, failures, latencies, end, done);
        });
    }
}
