package dev.earlywarning.scorer.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.service.HistoryRetention;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Health history older than its retention (400 days by default) is purged; newer stays. */
@QuarkusTest
class HistoryRetentionTest {

    @Inject
    Pool pool;

    @Inject
    HistoryRetention retention;

    @Test
    void historyOlderThanItsRetentionIsPurgedAndNewerStays() {
        String customer = "C-" + UUID.randomUUID();
        for (int days : List.of(500, 401, 399, 1)) {
            pool.preparedQuery("INSERT INTO health_history (customer_id, cause, score, band, assessed_at, assessment) "
                            + "VALUES ($1, $2, 70, 'WATCH', now() - make_interval(days => $3), '{}')")
                    .execute(Tuple.of(customer, "e-" + days, days)).await().atMost(Duration.ofSeconds(10));
        }

        assertThat(retention.purge().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(2);

        List<String> left = pool.preparedQuery("SELECT cause FROM health_history WHERE customer_id = $1 ORDER BY cause")
                .execute(Tuple.of(customer)).await().atMost(Duration.ofSeconds(10)).stream()
                .map(row -> row.getString("cause")).toList();
        assertThat(left).containsExactly("e-1", "e-399");
    }
}
