package dev.earlywarning.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts the sends of a benchmark's own producer that the broker refused. A record lost from a
 * pre-filled topic would otherwise look like a service that stopped short or ran slow.
 */
final class Acknowledgements implements Callback {

    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            first.compareAndSet(null, exception);
        }
    }

    /** Throws if any send failed; call after the producer's {@code flush()}. */
    void verify(String what) {
        long n = failed.get();
        if (n > 0) {
            throw new IllegalStateException(n + " records of " + what + " were not written", first.get());
        }
    }
}
