package dev.earlywarning.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.earlywarning.ingest.domain.EventIdIndex;
import io.smallrye.mutiny.Uni;

class DuplicateGuardTest {

    private final EventIdIndex index = new EventIdIndex(Duration.ofHours(1), 100);
    private final DuplicateGuard guard = new DuplicateGuard(index, Clock.systemUTC());
    private final AtomicInteger writes = new AtomicInteger();

    private Uni<Void> write() {
        return Uni.createFrom().voidItem().invoke(writes::incrementAndGet);
    }

    @Test
    void writesAnIdOnceThenAnswersDuplicate() {
        assertThat(guard.publishOnce("e1", this::write).await().indefinitely()).isTrue();
        assertThat(guard.publishOnce("e1", this::write).await().indefinitely()).isFalse();
        assertThat(writes.get()).isEqualTo(1);
    }

    @Test
    void aFailedWriteIsNotRememberedSoARetryWrites() {
        assertThatThrownBy(() -> guard.publishOnce("e2", () -> Uni.createFrom().failure(new IllegalStateException("down")))
                .await().indefinitely()).hasMessage("down");
        assertThat(guard.publishOnce("e2", this::write).await().indefinitely()).isTrue();
    }

    @Test
    void aConcurrentRequestWaitsForTheFirstAndSharesItsFailure() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Uni<Void> slowFailingWrite = Uni.createFrom().completionStage(gate);
        var first = guard.publishOnce("e3", () -> slowFailingWrite).subscribeAsCompletionStage();
        var second = guard.publishOnce("e3", this::write).subscribeAsCompletionStage();
        assertThat(second).isNotDone();

        gate.completeExceptionally(new IllegalStateException("down"));

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(writes.get()).isZero();
    }
}
