package dev.earlywarning.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.earlywarning.ingest.domain.EventIdIndex;

class DuplicateGuardTest {

    private final EventIdIndex index = new EventIdIndex(Duration.ofHours(1), 100);
    private final DuplicateGuard guard = new DuplicateGuard(index, Clock.systemUTC());

    @Test
    void grantsAnIdOnceThenAnswersDuplicate() {
        DuplicateGuard.Claim first = guard.claim("e1");
        assertThat(first.granted()).isTrue();
        guard.written(first);

        DuplicateGuard.Claim again = guard.claim("e1");
        assertThat(again.granted()).isFalse();
        assertThat(again.earlier()).isCompleted().isNotCompletedExceptionally();
        assertThat(index.contains("e1")).isTrue();
    }

    @Test
    void aFailedWriteIsNotRememberedSoARetryIsGranted() {
        DuplicateGuard.Claim first = guard.claim("e2");
        guard.failed(first, new IllegalStateException("down"));

        assertThat(index.contains("e2")).isFalse();
        assertThat(guard.claim("e2").granted()).isTrue();
    }

    @Test
    void aConcurrentRequestWaitsForTheFirstAndSharesItsFailure() {
        DuplicateGuard.Claim first = guard.claim("e3");
        DuplicateGuard.Claim second = guard.claim("e3");
        assertThat(second.granted()).isFalse();
        assertThat(second.earlier()).isNotDone();

        guard.failed(first, new IllegalStateException("down"));

        assertThat(second.earlier()).isCompletedExceptionally();
    }

    @Test
    void aConcurrentRequestWaitsForTheFirstAndIsADuplicateWhenItWasWritten() {
        DuplicateGuard.Claim first = guard.claim("e4");
        DuplicateGuard.Claim second = guard.claim("e4");

        guard.written(first);

        assertThat(second.granted()).isFalse();
        assertThat(second.earlier()).isCompleted().isNotCompletedExceptionally();
    }
}
