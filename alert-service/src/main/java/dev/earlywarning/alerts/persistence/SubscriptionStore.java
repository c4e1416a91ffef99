package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.commons.persistence.RecordTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way into {@code subscription} for its operations (alert changes read the active ones
 * through {@link AlertStore}, the dispatcher joins them in its claim): plain SQL, each change one
 * statement that returns the row as it now is.
 */
@ApplicationScoped
public class SubscriptionStore {

    private final Pool pool;
    private final RecordTable<Subscription> subscriptions;

    public SubscriptionStore(Pool pool, AlertTables tables) {
        this.pool = pool;
        this.subscriptions = tables.subscriptions;
    }

    public Uni<Subscription> create(Subscription subscription) {
        return pool.preparedQuery(subscriptions.insert(null)).execute(subscriptions.arrays(List.of(subscription)))
                .replaceWith(subscription);
    }

    /** Every subscription, oldest first. */
    public Uni<List<Subscription>> all() {
        return pool.preparedQuery(subscriptions.select("ORDER BY created_at, id")).execute().map(this::list);
    }

    /** Holds its deliveries; null when there is no such subscription. */
    public Uni<Subscription> pause(UUID id) {
        return change("paused = true", Tuple.of(id));
    }

    /** Sends again, and re-enables a subscription an endpoint's 410 disabled; null when there is none. */
    public Uni<Subscription> resume(UUID id) {
        return change("paused = false, active = true, disabled_reason = NULL", Tuple.of(id));
    }

    /** A new secret; the current one keeps signing until {@code previousUntil}. Null when there is none. */
    public Uni<Subscription> rotate(UUID id, String secret, Instant previousUntil) {
        return change("previous_secret = secret, previous_secret_until = $3, secret = $2",
                Tuple.of(id, secret, OffsetDateTime.ofInstant(previousUntil, ZoneOffset.UTC)));
    }

    /** Whether there was such a subscription to delete. */
    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM subscription WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    private Uni<Subscription> change(String set, Tuple params) {
        return pool.preparedQuery("UPDATE subscription SET " + set + " WHERE id = $1 RETURNING "
                        + subscriptions.selectList())
                .execute(params).map(rows -> rows.iterator().hasNext() ? subscriptions.read(rows.iterator().next()) : null);
    }

    private List<Subscription> list(RowSet<Row> rows) {
        List<Subscription> list = new ArrayList<>();
        rows.forEach(row -> list.add(subscriptions.read(row)));
        return list;
    }
}
