package dev.earlywarning.alerts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import org.hibernate.exception.DataException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.CompositeException;

/** Which failures dead-letter a signal (the database or the rules refuse it) and which stop the channel (an outage). */
class SignalFailureTest {

    @Test
    void aSignalTheDatabaseRefusesIsRejected() {
        DataException tooLong = new DataException("value too long", new SQLException("22001"));
        assertThat(SignalConsumer.rejected(tooLong)).isTrue();
        assertThat(SignalConsumer.rejected(new RuntimeException("wrapped", tooLong))).isTrue();
        assertThat(SignalConsumer.rejected(new CompositeException(new RuntimeException("first"), tooLong))).isTrue();
        assertThat(SignalConsumer.rejected(new IllegalArgumentException("unknown kind"))).isTrue();
    }

    @Test
    void anOutageIsNotARejection() {
        assertThat(SignalConsumer.rejected(new JDBCConnectionException("refused", new SQLException("08001"))))
                .isFalse();
        assertThat(SignalConsumer.rejected(new RuntimeException(new ConnectException("Connection refused"))))
                .isFalse();
    }
}
