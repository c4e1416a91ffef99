package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes what is older than its retention, in bounded batches (short transactions, no long
 * locks): live-stream events, finished deliveries, the processed-signal log, the audit trail, and
 * resolved alerts with everything that hangs off them ({@link AlertDeletion}). And a customer's
 * erasure: everything of theirs.
 */
@ApplicationScoped
public class Retention {

    /** Cut-off times per kind of data: rows older than these go. */
    public record Cutoffs(Instant alertEvents, Instant deliveries, Instant processedSignals, Instant resolvedAlerts,
                          Instant audit) {
    }

    private final Pool pool;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public Retention(Pool pool, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** One pass: at most {@code batch} rows of each kind; returns how many of each went. */
    public Uni<Map<String, Integer>> purge(Cutoffs cutoffs, int batch) {
        Map<String, Integer> purged = new LinkedHashMap<>();
        return delete("DELETE FROM alert_event WHERE id IN (SELECT id FROM alert_event WHERE created_at < $1 "
                + "LIMIT $2)", cutoffs.alertEvents(), batch, "alert_events", purged)
                .chain(() -> delete("DELETE FROM delivery WHERE id IN (SELECT id FROM delivery WHERE status IN "
                        + "('DELIVERED', 'FAILED') AND created_at < $1 LIMIT $2)", cutoffs.deliveries(), batch,
                        "deliveries", purged))
                .chain(() -> delete("DELETE FROM processed_signal WHERE signal_id IN (SELECT signal_id FROM "
                        + "processed_signal WHERE processed_at < $1 LIMIT $2)", cutoffs.processedSignals(), batch,
                        "processed_signals", purged))
                .chain(() -> delete("DELETE FROM audit_entry WHERE id IN (SELECT id FROM audit_entry WHERE at < $1 "
                        + "LIMIT $2)", cutoffs.audit(), batch, "audit", purged))
                .chain(() -> pool.withTransaction(connection -> AlertDeletion.delete(connection, json,
                        "SELECT id FROM alert WHERE status = 'RESOLVED' AND resolved_at < $1 LIMIT $2",
                        Tuple.of(at(cutoffs.resolvedAlerts()), batch)))
                        .invoke(count -> purged.put("resolved_alerts", count)))
                .replaceWith(purged);
    }

    /** Erases a customer: its alerts with everything hanging off them, and its recorded outcome. */
    public Uni<Integer> eraseCustomer(String customerId) {
        return pool.withTransaction(connection -> AlertDeletion.delete(connection, json,
                        "SELECT id FROM alert WHERE customer_id = $1", Tuple.of(customerId))
                .call(() -> connection.preparedQuery("DELETE FROM customer_outcome WHERE customer_id = $1")
                        .execute(Tuple.of(customerId))));
    }

    private Uni<Void> delete(String sql, Instant cutoff, int batch, String kind, Map<String, Integer> purged) {
        return pool.preparedQuery(sql).execute(Tuple.of(at(cutoff), batch))
                .invoke(rows -> purged.put(kind, rows.rowCount())).replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
