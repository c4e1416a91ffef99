package dev.earlywarning.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(100, 500, now::get);

    @Test
    void aProducerMaySpendItsBurstThenTheRateAndIsToldHowLongToWait() {
        assertThat(limiter.acquire("crm", 500).allowed()).isTrue();
        RateLimiter.Decision refused = limiter.acquire("crm", 50);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.acquire("crm", 50).allowed()).isTrue();
        assertThat(limiter.acquire("crm", 1).allowed()).isFalse();
    }

    @Test
    void producersHaveTheirOwnBuckets() {
        assertThat(limiter.acquire("crm", 500).allowed()).isTrue();
        assertThat(limiter.acquire("billing", 500).allowed()).isTrue();
        assertThat(limiter.acquire("crm", 1).allowed()).isFalse();
    }

    @Test
    void theBucketHoldsNoMoreThanTheBurst() {
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(limiter.acquire("crm", 501).allowed()).isFalse();
        assertThat(limiter.acquire("crm", 500).allowed()).isTrue();
    }
}
