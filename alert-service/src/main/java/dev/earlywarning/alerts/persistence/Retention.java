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
 * locks): live-stream events, finished deliveries, the processed-signal log, and resolved alerts
 * with everything that hangs off them (transitions, outcome, stream events, deliveries).
 */
@ApplicationScoped
public class Retention {

    /** Cut-off times per kind of data: rows older than these go. */
    public record Cutoffs(Instant alertEvents, Instant deliveries, Instant processedSignals, Instant resolvedAlerts,
                          Instant audit) {
    }

    private final Pool pool;

    public Retention(Pool pool) {
        this.pool = pool;
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
                .chain(() -> pool.withTransaction(connection -> connection.preparedQuery("""
                        WITH old AS (SELECT id FROM alert WHERE status = 'RESOLVED' AND resolved_at < $1 LIMIT $2),
                             members AS (DELETE FROM delivery_member WHERE alert_id IN (SELECT id FROM old)
                                         RETURNING delivery_id),
                             deliveries AS (DELETE FROM delivery WHERE alert_id IN (SELECT id FROM old)
                                            OR id IN (SELECT delivery_id FROM members)),
                             transitions AS (DELETE FROM alert_transition WHERE alert_id IN (SELECT id FROM old)),
                             outcomes AS (DELETE FROM alert_outcome WHERE alert_id IN (SELECT id FROM old)),
                             events AS (DELETE FROM alert_event WHERE alert_id IN (SELECT id FROM old))
                        SELECT id FROM old""").execute(Tuple.of(at(cutoffs.resolvedAlerts()), batch))
                        .chain(rows -> {
                            java.util.List<java.util.UUID> ids = new java.util.ArrayList<>();
                            rows.forEach(row -> ids.add(row.getUUID("id")));
                            purged.put("resolved_alerts", ids.size());
                            return ids.isEmpty() ? Uni.createFrom().voidItem()
                                    : connection.preparedQuery("DELETE FROM alert WHERE id = ANY($1)")
                                            .execute(Tuple.of(ids.toArray(java.util.UUID[]::new))).replaceWithVoid();
                        })))
                .replaceWith(purged);
    }

    private Uni<Void> delete(String sql, Instant cutoff, int batch, String kind, Map<String, Integer> purged) {
        return pool.preparedQuery(sql).execute(Tuple.of(at(cutoff), batch))
                .invoke(rows -> purged.put(kind, rows.rowCount())).replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
