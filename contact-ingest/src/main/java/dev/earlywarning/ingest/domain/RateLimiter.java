package dev.earlywarning.ingest.domain;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a producer): {@code perSecond} permits flow in, up to {@code burst}
 * held. Taking more than are held is refused whole, with how long until they will be there.
 */
public final class RateLimiter {

    /** Whether the permits were taken; if not, how long until they could be. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    /**
     * @param nanoTime the clock ({@code System::nanoTime}; a test's own)
     */
    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes {@code permits} from {@code key}'s bucket, or none. */
    public Decision acquire(String key, int permits) {
        long now = nanoTime.getAsLong();
        // [held permits, last refill time]; one bucket per key, changed under its own lock
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        synchronized (bucket) {
            double held = Math.min(burst, bucket[0] + (now - (long) bucket[1]) * perNano);
            bucket[1] = now;
            if (permits <= held) {
                bucket[0] = held - permits;
                return new Decision(true, Duration.ZERO);
            }
            bucket[0] = held;
            double missing = Math.min(permits, burst) - held;
            long waitNanos = (long) Math.ceil(missing / perNano);
            return new Decision(false, Duration.ofNanos(Math.max(waitNanos, 1)));
        }
    }
}
