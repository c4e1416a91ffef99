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
    private final SecretCipher secrets;

    public SubscriptionStore(Pool pool, AlertTables tables, SecretCipher secrets) {
        this.pool = pool;
        this.subscriptions = tables.subscriptions;
        this.secrets = secrets;
    }

    /** Stores a subscription with its secrets sealed ({@link SecretCipher}); returns it as given. */
    public Uni<Subscription> create(Subscription subscription) {
        Subscription sealed = new Subscription(subscription.id(), subscription.name(), subscription.url(),
                secrets.seal(subscription.secret()), subscription.filter(), subscription.active(),
                subscription.createdAt(), subscription.disabledReason(), subscription.paused(),
                subscription.groupWindowSeconds(), secrets.seal(subscription.previousSecret()),
                subscription.previousSecretUntil());
        return pool.preparedQuery(subscriptions.insert(null)).execute(subscriptions.arrays(List.of(sealed)))
                .replaceWith(subscription);
    }

    /**
     * Erases previous secrets whose overlap ended: a rotated-out secret no longer exists anywhere.
     * Returns how many were erased.
     */
    public Uni<Integer> erasePreviousSecrets(Instant now) {
        return pool.preparedQuery("UPDATE subscription SET previous_secret = NULL, previous_secret_until = NULL "
                        + "WHERE previous_secret IS NOT NULL AND previous_secret_until <= $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    /**
     * Seals every secret stored in clear (before encryption) or under a previous key again under the
     * current key; returns how many subscriptions changed. Run at start (key rotation, README).
     */
    public Uni<Integer> resealAll() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT id, secret, previous_secret FROM subscription FOR UPDATE").execute()
                .chain(rows -> {
                    List<Tuple> changes = new java.util.ArrayList<>();
                    for (io.vertx.mutiny.sqlclient.Row row : rows) {
                        String secret = row.getString("secret");
                        String previous = row.getString("previous_secret");
                        if (!secrets.current(secret) || !secrets.current(previous)) {
                            changes.add(Tuple.of(row.getUUID("id"), secrets.seal(secrets.open(secret)),
                                    secrets.seal(secrets.open(previous))));
                        }
                    }
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return connection.preparedQuery("UPDATE subscription SET secret = $2, previous_secret = $3 "
                            + "WHERE id = $1").executeBatch(changes).replaceWith(changes.size());
                }));
    }

    /** How many subscriptions there are. */
    public Uni<Long> count() {
        return pool.query("SELECT count(*) FROM subscription").execute()
                .map(rows -> rows.iterator().next().getLong(0));
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
                Tuple.of(id, secrets.seal(secret), OffsetDateTime.ofInstant(previousUntil, ZoneOffset.UTC)));
    }

    /** Whether there was such a subscription to delete. */
    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM subscription WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    private Uni<Subscription> change(String set, Tuple params) {
        return pool.preparedQuery("UPDATE subscription SET " + set + " WHERE id = $1 RETURNING "
                        + subscriptions.selectList())
                .execute(params).map(rows -> rows.iterator().hasNext() ? opened(subscriptions.read(rows.iterator().next()))
                        : null);
    }

    private Subscription opened(Subscription s) {
        return new Subscription(s.id(), s.name(), s.url(), secrets.open(s.secret()), s.filter(), s.active(),
                s.createdAt(), s.disabledReason(), s.paused(), s.groupWindowSeconds(), secrets.open(s.previousSecret()),
                s.previousSecretUntil());
    }

    private List<Subscription> list(RowSet<Row> rows) {
        List<Subscription> list = new ArrayList<>();
        rows.forEach(row -> list.add(subscriptions.read(row)));
        return list;
    }
}
