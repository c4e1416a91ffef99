package dev.earlywarning.alerts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;

/** Which failures dead-letter a signal (the database or the rules refuse it) and which are an outage, retried. */
class SignalFailureTest {

    @Test
    void aSignalTheDatabaseRefusesIsTheRecordsFault() {
        SQLException tooLong = new SQLException("value too long", "22001");
        assertThat(SignalConsumer.outage(tooLong)).isFalse();
        assertThat(SignalConsumer.outage(new RuntimeException("wrapped", tooLong))).isFalse();
        assertThat(SignalConsumer.outage(new CompositeException(new RuntimeException("first"), tooLong))).isFalse();
        assertThat(SignalConsumer.outage(new IllegalArgumentException("unknown kind"))).isFalse();
    }

    @ParameterizedTest(name = "SQLSTATE {0} is an outage: {1}")
    @CsvSource({
            "57P01, admin shutdown (failover)",
            "57P03, cannot connect now (a standby starting)",
            "53300, too many connections",
            "40P01, deadlock detected",
            "40001, serialization failure",
            "08006, connection failure"})
    void transientDatabaseErrorsAreOutagesNotDeadLetters(String sqlState, String meaning) {
        // Before: any PgException was dead-lettered, so a failover silently dropped signals.
        PgException pg = new PgException(meaning, "FATAL", sqlState, meaning);
        assertThat(SignalConsumer.outage(pg)).isTrue();
        assertThat(SignalConsumer.outage(new RuntimeException("wrapped", pg))).isTrue();
    }

    @ParameterizedTest(name = "SQLSTATE {0} is the record's fault")
    @CsvSource({"22001", "22P05", "23505", "23502"})
    void dataAndIntegrityErrorsAreTheRecordsFault(String sqlState) {
        assertThat(SignalConsumer.outage(new PgException("refused", "ERROR", sqlState, "refused"))).isFalse();
    }

    @Test
    void aLostConnectionIsAnOutage() {
        assertThat(SignalConsumer.outage(new RuntimeException(new SQLException("refused", "08001"))))
                .isTrue();
        assertThat(SignalConsumer.outage(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void aPoolClosedWhileTheServiceStopsIsAnOutageSoTheSignalIsConsumedAgainAfterTheRestart() {
        // Before: Vert.x's "Pool closed" (a signal polled while the service shut down) was taken for the
        // signal's fault and dead-lettered; found by the console's browser test restarting alert-service.
        Throwable poolClosed = new io.vertx.core.impl.NoStackTraceThrowable("Pool closed");
        assertThat(SignalConsumer.outage(poolClosed)).isTrue();
        assertThat(SignalConsumer.outage(new java.util.concurrent.CompletionException(poolClosed))).isTrue();
    }

    private static SignalRecord record(String customer, String cause, Integer scoreAfter) {
        return new SignalRecord(1, "s-1", "RISK_RAISED", customer, "retail", cause, "WARNING", 80, scoreAfter,
                "HEALTHY", "AT_RISK", java.util.List.of(), "Call", "e-1", java.time.Instant.now(), null);
    }

    @Test
    void aSignalWhoseValuesTheStoreCannotHoldIsRefusedWithTheFieldNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignalConsumer.toSignal(record("C-1", "effort", 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoreAfter");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignalConsumer.toSignal(
                        record("C-1", "c".repeat(65), 40)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cause");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignalConsumer.toSignal(
                        record("C-\u0000", "effort", 40)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId");
        assertThat(SignalConsumer.toSignal(record("C-1", "effort", 40)).scoreAfter()).isEqualTo(40);
    }
}
