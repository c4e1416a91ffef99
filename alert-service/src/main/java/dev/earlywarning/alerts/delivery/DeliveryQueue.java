package dev.earlywarning.alerts.delivery;

import dev.earlywarning.alerts.persistence.AlertTables;
import dev.earlywarning.alerts.persistence.SecretCipher;
import dev.earlywarning.alerts.persistence.Delivery;
import dev.earlywarning.commons.persistence.RecordTable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox as a work queue. Claiming uses {@code FOR UPDATE SKIP LOCKED} and a lease, so several
 * dispatchers (instances) share the work without sending a delivery twice; a crashed dispatcher's
 * claims become due again when their lease ends.
 */
@ApplicationScoped
public class DeliveryQueue {

    /**
     * Claims due deliveries, oldest first, at most {@code $3} per subscription less those it already
     * has in flight ({@code $4}, {@code $5}): each endpoint has lanes of its own, and an endpoint that
     * is slow fills only its own.
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM subscription s
                LEFT JOIN unnest($4::uuid[], $5::int4[]) AS busy(id, in_flight) ON busy.id = s.id
                CROSS JOIN LATERAL (
                    SELECT d.id, d.next_attempt_at FROM delivery d
                    WHERE d.subscription_id = s.id AND d.status = 'PENDING' AND d.next_attempt_at <= now()
                    ORDER BY d.next_attempt_at
                    LIMIT greatest($3 - coalesce(busy.in_flight, 0), 0)
                    FOR UPDATE OF d SKIP LOCKED) d
                WHERE NOT s.paused
                ORDER BY d.next_attempt_at
                LIMIT $1)
            UPDATE delivery d
               SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
              FROM due, subscription s
             WHERE d.id = due.id AND s.id = d.subscription_id
            RETURNING d.id, d.attempts, d.payload, d.created_at, s.id AS subscription_id, d.alert_id, s.url, s.secret,
                      s.active, d.traceparent,
                      CASE WHEN s.previous_secret_until > now() THEN s.previous_secret END AS previous_secret
            """;

    private final Pool pool;
    private final RecordTable<Delivery> deliveries;
    private final SecretCipher secrets;

    public DeliveryQueue(Pool pool, AlertTables tables, SecretCipher secrets) {
        this.secrets = secrets;
        this.pool = pool;
        this.deliveries = tables.deliveries;
    }

    /** Every delivery that carries the alert, alone or grouped with others, oldest first. */
    public Uni<List<Delivery>> ofAlert(UUID alertId) {
        return pool.preparedQuery(deliveries.select(
                        "WHERE id IN (SELECT delivery_id FROM delivery_member WHERE alert_id = $1) ORDER BY created_at, id"))
                .execute(Tuple.of(alertId)).map(rows -> {
                    List<Delivery> list = new ArrayList<>();
                    rows.forEach(row -> list.add(deliveries.read(row)));
                    return list;
                });
    }

    /** A subscription's deliveries, newest first, a page of them; of one status when given. */
    public Uni<List<Delivery>> ofSubscription(UUID subscriptionId, String status, int page, int size) {
        String where = status == null ? "WHERE subscription_id = $1 AND $2::text IS NULL"
                : "WHERE subscription_id = $1 AND status = $2";
        return pool.preparedQuery(deliveries.select(where + " ORDER BY created_at DESC, id LIMIT $3 OFFSET $4"))
                .execute(Tuple.of(subscriptionId, status, size, (long) page * size)).map(rows -> {
                    List<Delivery> list = new ArrayList<>();
                    rows.forEach(row -> list.add(deliveries.read(row)));
                    return list;
                });
    }

    /**
     * Makes a failed delivery due again with fresh attempts. Completes with the delivery as it is now
     * (unchanged when it had not failed), or null when there is none.
     */
    public Uni<Replay> replay(UUID id, java.time.Instant now) {
        return pool.withTransaction(connection -> connection.preparedQuery(deliveries.select("WHERE id = $1 FOR UPDATE"))
                .execute(Tuple.of(id)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Delivery delivery = deliveries.read(rows.iterator().next());
                    if (!Delivery.FAILED.equals(delivery.status())) {
                        return Uni.createFrom().item(new Replay(delivery, false));
                    }
                    return connection.preparedQuery("UPDATE delivery SET status = 'PENDING', attempts = 0, "
                                    + "next_attempt_at = $2, last_error = NULL WHERE id = $1 RETURNING "
                                    + deliveries.selectList())
                            .execute(Tuple.of(id, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                            .map(updated -> new Replay(deliveries.read(updated.iterator().next()), true));
                }));
    }

    /** A replay's outcome: the delivery, and whether it was replayed (only a failed one is). */
    public record Replay(Delivery delivery, boolean replayed) {
    }

    /**
     * Claims up to {@code limit} due deliveries, at most {@code perSubscription} per subscription
     * counting the ones {@code inFlight} says this dispatcher is still sending.
     */
    public Uni<List<ClaimedDelivery>> claimDue(int limit, Duration lease, int perSubscription,
                                               Map<UUID, Integer> inFlight) {
        UUID[] busy = inFlight.keySet().toArray(UUID[]::new);
        Integer[] counts = new Integer[busy.length];
        for (int i = 0; i < busy.length; i++) {
            counts[i] = inFlight.getOrDefault(busy[i], 0);
        }
        return pool.preparedQuery(CLAIM).execute(Tuple.tuple(List.of(limit, (double) lease.toSeconds(),
                perSubscription, busy, counts))).map(rows -> {
            List<ClaimedDelivery> claimed = new ArrayList<>();
            for (Row row : rows) {
                claimed.add(new ClaimedDelivery(row.getUUID("id"), row.getInteger("attempts"), row.getString("payload"),
                        row.getOffsetDateTime("created_at").toInstant(), row.getUUID("subscription_id"),
                        row.getUUID("alert_id"), row.getString("url"), secrets.open(row.getString("secret")),
                        secrets.open(row.getString("previous_secret")),
                        row.getBoolean("active"), row.getString("traceparent")));
            }
            // RETURNING follows no order; the dispatcher sends each subscription's deliveries oldest first.
            claimed.sort(java.util.Comparator.comparing(ClaimedDelivery::createdAt));
            return claimed;
        });
    }

    /** Marks deliveries delivered, each with the status its endpoint answered, in one statement. */
    public Uni<Void> delivered(Map<UUID, Integer> statuses) {
        UUID[] ids = statuses.keySet().toArray(UUID[]::new);
        Integer[] codes = statuses.values().toArray(Integer[]::new);
        return pool.preparedQuery("UPDATE delivery d SET status = 'DELIVERED', delivered_at = now(), "
                        + "last_status = t.status, last_error = NULL "
                        + "FROM unnest($1::uuid[], $2::int4[]) AS t(id, status) WHERE d.id = t.id")
                .execute(Tuple.of(ids, codes)).replaceWithVoid();
    }

    public Uni<Void> retryAt(UUID id, Instant at, Integer status, String error) {
        return pool.preparedQuery("UPDATE delivery SET next_attempt_at = $2, last_status = $3, last_error = $4 "
                        + "WHERE id = $1")
                .execute(Tuple.of(id, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), status, error)).replaceWithVoid();
    }

    public Uni<Void> failed(UUID id, Integer status, String error) {
        return pool.preparedQuery("UPDATE delivery SET status = 'FAILED', last_status = $2, last_error = $3 "
                + "WHERE id = $1").execute(Tuple.of(id, status, error)).replaceWithVoid();
    }

    /** Deliveries waiting, and those of them that failed at least once. */
    public Uni<long[]> pending() {
        return pool.query("SELECT count(*) AS waiting, count(*) FILTER (WHERE attempts > 0) AS retrying "
                + "FROM delivery WHERE status = 'PENDING'").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong("waiting"), row.getLong("retrying")};
                });
    }

    public Uni<Void> disableSubscription(UUID subscriptionId, String reason) {
        return pool.preparedQuery("UPDATE subscription SET active = false, disabled_reason = $2 WHERE id = $1")
                .execute(Tuple.of(subscriptionId, reason)).replaceWithVoid();
    }
}
