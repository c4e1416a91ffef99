package dev.earlywarning.alerts.persistence;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.earlywarning.alerts.service.RetentionJob;
import dev.earlywarning.alerts.Signals;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Each kind of data is purged after its retention (README, "Retention"): resolved alerts with
 * their transitions and stream events after two years, the processed-signal log after 30 days;
 * what is younger, or still open, stays.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Pool pool;

    @Inject
    RetentionJob retention;

    private long count(String sql, Object id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong(0);
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.tuple(java.util.Arrays.asList(params))).await()
                .atMost(Duration.ofSeconds(10));
    }

    private static String openAlert(String customer) {
        return Signals.openAlert(customer, "retention");
    }

    @Test
    void oldResolvedAlertsWithTheirHistoryAndOldProcessedSignalsArePurgedWhileYoungerOnesStay() {
        String old = openAlert("C-" + UUID.randomUUID());
        String recent = openAlert("C-" + UUID.randomUUID());
        String open = openAlert("C-" + UUID.randomUUID());
        for (String id : new String[] {old, recent}) {
            given().contentType("application/json").body("{\"note\":\"done\"}")
                    .when().post("/alerts/{id}/resolve", id).then().statusCode(200);
        }
        UUID oldId = UUID.fromString(old);
        sql("UPDATE alert SET resolved_at = now() - interval '731 days', opened_at = now() - interval '800 days' "
                + "WHERE id = $1", oldId);
        sql("UPDATE alert SET opened_at = now() - interval '800 days' WHERE id = $1", UUID.fromString(open));
        String oldSignal = "retention-old-" + UUID.randomUUID();
        String newSignal = "retention-new-" + UUID.randomUUID();
        sql("INSERT INTO processed_signal (signal_id, processed_at) VALUES ($1, now() - interval '31 days'), "
                + "($2, now() - interval '29 days')", oldSignal, newSignal);
        assertThat(count("SELECT count(*) FROM alert_transition WHERE alert_id = $1", oldId)).isGreaterThan(0);
        assertThat(count("SELECT count(*) FROM alert_event WHERE alert_id = $1", oldId)).isGreaterThan(0);

        retention.purge().await().atMost(Duration.ofSeconds(30));

        given().when().get("/alerts/{id}", old).then().statusCode(404);
        assertThat(count("SELECT count(*) FROM alert_transition WHERE alert_id = $1", oldId)).isZero();
        assertThat(count("SELECT count(*) FROM alert_event WHERE alert_id = $1", oldId)).isZero();
        given().when().get("/alerts/{id}", recent).then().statusCode(200);
        given().when().get("/alerts/{id}", open).then().statusCode(200);
        assertThat(count("SELECT count(*) FROM processed_signal WHERE signal_id = $1", oldSignal)).isZero();
        assertThat(count("SELECT count(*) FROM processed_signal WHERE signal_id = $1", newSignal)).isEqualTo(1);
    }
}
