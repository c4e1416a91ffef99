package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.SubscriptionFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads and writes what alert changes touch, in plain SQL on one connection inside the caller's
 * transaction: each look-up is one statement for a whole batch, each table's new rows one
 * {@code INSERT … SELECT FROM unnest(…)}, and the statements are pipelined. Applying a signal
 * through entity sessions cost about 2 ms of CPU per signal (JFR: query translation, action
 * queues, dirty checks), which the alert-service could not afford on a shared machine.
 */
@ApplicationScoped
public class AlertChangeStore {

    private static final String ALERT_COLUMNS = """
            id, customer_id, segment, cause, status, severity, score_before, score_after, band_before, band_after,
            drivers::text AS drivers, recommended_action, last_signal_id, opened_at, updated_at, acknowledged_at,
            resolved_at, snoozed_until, snooze_reason, flapping, version, risk, resolution""";

    /** Alert rows as arrays, one per column, in the order of {@link #alertArrays}. */
    private static final String ALERT_ROWS = " " + """
            unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int4[], $8::int4[],
                   $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[],
                   $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::bool[], $19::float8[], $20::text[])
            AS t(id, customer_id, segment, cause, status, severity, score_before, score_after, band_before, band_after,
                 drivers, recommended_action, last_signal_id, opened_at, updated_at, acknowledged_at, resolved_at,
                 flapping, risk, resolution)
            """;

    /** What a batch needs to know before it decides. */
    public record Known(Set<String> processed, List<AlertEntity> open, Map<String, Integer> resolvedRecently,
                        List<SubscriptionEntity> subscriptions, Map<UUID, DeliveryEntity> collecting) {
    }

    /** Everything one transaction writes; the store writes it table by table in foreign-key order. */
    public static final class Changes {
        public final List<String> processed = new ArrayList<>();
        public final List<AlertEntity> opened = new ArrayList<>();
        public final Map<UUID, AlertEntity> updated = new HashMap<>();
        public final List<AlertTransition> transitions = new ArrayList<>();
        public final List<AlertEvent> events = new ArrayList<>();
        public final List<DeliveryEntity> deliveries = new ArrayList<>();
        public final Map<UUID, DeliveryEntity> regrouped = new HashMap<>();
        public final Set<DeliveryAlert.Key> members = new HashSet<>();
        /** What became of customers, by customer: the last outcome of a batch wins. */
        public final Map<String, CustomerOutcome> outcomes = new java.util.LinkedHashMap<>();
    }

    /** A customer left ({@code endedAt}) or renewed ({@code renewedAt}, which clears an earlier end). */
    public record CustomerOutcome(String customerId, String segment, Instant endedAt, Instant renewedAt,
                                  String signalId, Instant updatedAt) {
        public static CustomerOutcome ended(dev.earlywarning.alerts.domain.Signal signal, Instant now) {
            return new CustomerOutcome(signal.customerId(), signal.segment(), signal.occurredAt() == null ? now
                    : signal.occurredAt(), null, signal.signalId(), now);
        }

        public static CustomerOutcome renewed(dev.earlywarning.alerts.domain.Signal signal, Instant now) {
            return new CustomerOutcome(signal.customerId(), signal.segment(), null, signal.occurredAt() == null ? now
                    : signal.occurredAt(), signal.signalId(), now);
        }
    }

    private final ObjectMapper json;

    public AlertChangeStore(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Ids already processed, the open alerts of the customers (locked: an operator's step waits
     * for the batch), how many episodes of each customer and cause resolved since
     * {@code resolvedSince}, the active subscriptions, and each grouping subscription's delivery
     * still collecting (locked).
     */
    public Uni<Known> load(SqlConnection connection, List<String> signalIds, List<String> customers,
                           Instant resolvedSince, Instant now) {
        String[] customerArray = customers.toArray(String[]::new);
        Uni<Set<String>> processed = signalIds.isEmpty() ? Uni.createFrom().item(Set.of())
                : connection.preparedQuery("SELECT signal_id FROM processed_signal WHERE signal_id = ANY($1)")
                        .execute(Tuple.of(signalIds.toArray(String[]::new)))
                        .map(rows -> collect(rows, row -> row.getString(0), new HashSet<>()));
        Uni<List<AlertEntity>> open = connection.preparedQuery("SELECT " + ALERT_COLUMNS
                        + " FROM alert WHERE customer_id = ANY($1) AND status <> 'RESOLVED' FOR UPDATE")
                .execute(Tuple.of(customerArray)).map(rows -> collect(rows, this::alert, new ArrayList<>()));
        Uni<Map<String, Integer>> resolved = connection.preparedQuery("""
                        SELECT customer_id, cause, count(*) AS episodes FROM alert
                        WHERE customer_id = ANY($1) AND status = 'RESOLVED' AND resolved_at >= $2
                        GROUP BY customer_id, cause""")
                .execute(Tuple.of(customerArray, utc(resolvedSince))).map(rows -> {
                    Map<String, Integer> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(episodeKey(row.getString("customer_id"), row.getString("cause")),
                            row.getLong("episodes").intValue()));
                    return counts;
                });
        Uni<List<SubscriptionEntity>> subscriptions = connection.preparedQuery(
                        "SELECT id, filter::text AS filter, group_window_seconds FROM subscription WHERE active")
                .execute().map(rows -> (List<SubscriptionEntity>) collect(rows, this::subscription,
                        new ArrayList<SubscriptionEntity>()))
                .memoize().indefinitely();
        // Only grouping subscriptions collect alerts into a delivery not sent yet. Asked for all of
        // them, the database scanned every pending delivery of every subscription: 10-15 ms a batch
        // and most of its CPU in the end-to-end benchmark, with no grouping subscription at all.
        Uni<Map<UUID, DeliveryEntity>> collecting = subscriptions.chain(active -> {
            UUID[] grouping = active.stream().filter(s -> s.groupWindowSeconds > 0).map(s -> s.id)
                    .toArray(UUID[]::new);
            if (grouping.length == 0) {
                return Uni.createFrom().item(Map.<UUID, DeliveryEntity>of());
            }
            return connection.preparedQuery("""
                            SELECT d.id, d.subscription_id, d.alert_id, d.event_type, d.payload, d.next_attempt_at,
                                   d.created_at
                            FROM delivery d
                            WHERE d.subscription_id = ANY($2) AND d.status = 'PENDING' AND d.attempts = 0
                              AND d.next_attempt_at > $1
                            ORDER BY d.created_at
                            FOR UPDATE OF d""")
                    .execute(Tuple.of(utc(now), grouping)).map(rows -> {
                        Map<UUID, DeliveryEntity> bySubscription = new HashMap<>();
                        rows.forEach(row -> bySubscription.putIfAbsent(row.getUUID("subscription_id"), delivery(row)));
                        return bySubscription;
                    });
        });
        // Four statements sent without waiting for each other (the connection pipelines them), and
        // the grouping subscriptions' deliveries once the subscriptions are known.
        return Uni.combine().all().unis(processed, open, resolved, subscriptions, collecting).with(Known::new);
    }

    /** One alert, locked for the transaction; null when there is none. */
    public Uni<AlertEntity> lock(SqlConnection connection, UUID id) {
        return connection.preparedQuery("SELECT " + ALERT_COLUMNS + " FROM alert WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? alert(rows.iterator().next()) : null);
    }

    /** Writes the changes in foreign-key order; the statements are pipelined. */
    public Uni<Void> write(SqlConnection connection, Changes changes) {
        List<Uni<RowSet<Row>>> statements = new ArrayList<>();
        if (!changes.processed.isEmpty()) {
            OffsetDateTime at = utc(Instant.now());
            statements.add(connection.preparedQuery("""
                            INSERT INTO processed_signal (signal_id, processed_at)
                            SELECT id, $2 FROM unnest($1::text[]) AS t(id)""")
                    .execute(Tuple.of(changes.processed.toArray(String[]::new), at)));
        }
        // Existing alerts first: a batch may resolve a customer's open alert and then open a new
        // episode of the same cause, which the one-open-alert index accepts only in that order.
        if (!changes.updated.isEmpty()) {
            List<AlertEntity> updated = List.copyOf(changes.updated.values());
            statements.add(connection.preparedQuery("""
                            UPDATE alert a SET segment = t.segment, status = t.status, severity = t.severity,
                                   score_after = t.score_after, band_after = t.band_after, drivers = t.drivers::jsonb,
                                   recommended_action = t.recommended_action, last_signal_id = t.last_signal_id,
                                   updated_at = t.updated_at, acknowledged_at = t.acknowledged_at,
                                   resolved_at = t.resolved_at, risk = t.risk, resolution = t.resolution,
                                   version = a.version + 1
                            FROM """ + ALERT_ROWS + """
                            WHERE a.id = t.id""")
                    .execute(alertArrays(updated)));
        }
        if (!changes.opened.isEmpty()) {
            statements.add(connection.preparedQuery("""
                            INSERT INTO alert (id, customer_id, segment, cause, status, severity, score_before, score_after,
                                               band_before, band_after, drivers, recommended_action, last_signal_id,
                                               opened_at, updated_at, acknowledged_at, resolved_at, flapping, version,
                                               risk, resolution)
                            SELECT id, customer_id, segment, cause, status, severity, score_before, score_after,
                                   band_before, band_after, drivers::jsonb, recommended_action, last_signal_id,
                                   opened_at, updated_at, acknowledged_at, resolved_at, flapping, 0, risk, resolution
                            FROM """ + ALERT_ROWS)
                    .execute(alertArrays(changes.opened)));
        }
        if (!changes.outcomes.isEmpty()) {
            List<CustomerOutcome> rows = List.copyOf(changes.outcomes.values());
            statements.add(connection.preparedQuery("""
                            INSERT INTO customer_outcome (customer_id, segment, ended_at, renewed_at, signal_id, updated_at)
                            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[],
                                                 $5::text[], $6::timestamptz[])
                            ON CONFLICT (customer_id) DO UPDATE SET
                                segment = COALESCE(excluded.segment, customer_outcome.segment),
                                ended_at = excluded.ended_at,
                                renewed_at = COALESCE(excluded.renewed_at, customer_outcome.renewed_at),
                                signal_id = excluded.signal_id, updated_at = excluded.updated_at""")
                    .execute(Tuple.tuple(List.of(
                            rows.stream().map(CustomerOutcome::customerId).toArray(String[]::new),
                            rows.stream().map(CustomerOutcome::segment).toArray(String[]::new),
                            rows.stream().map(o -> utc(o.endedAt())).toArray(OffsetDateTime[]::new),
                            rows.stream().map(o -> utc(o.renewedAt())).toArray(OffsetDateTime[]::new),
                            rows.stream().map(CustomerOutcome::signalId).toArray(String[]::new),
                            rows.stream().map(o -> utc(o.updatedAt())).toArray(OffsetDateTime[]::new)))));
        }
        if (!changes.transitions.isEmpty()) {
            List<AlertTransition> rows = changes.transitions;
            statements.add(connection.preparedQuery("""
                            INSERT INTO alert_transition (id, alert_id, action, from_status, to_status, actor, note, at)
                            SELECT nextval('alert_transition_seq'), alert_id, action, from_status, to_status, actor, note, at
                            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                        $7::timestamptz[]) WITH ORDINALITY
                                 AS t(alert_id, action, from_status, to_status, actor, note, at, n)
                            ORDER BY n""")
                    .execute(Tuple.tuple(List.of(
                            rows.stream().map(r -> r.alertId).toArray(UUID[]::new),
                            rows.stream().map(r -> r.action).toArray(String[]::new),
                            rows.stream().map(r -> name(r.fromStatus)).toArray(String[]::new),
                            rows.stream().map(r -> name(r.toStatus)).toArray(String[]::new),
                            rows.stream().map(r -> r.actor).toArray(String[]::new),
                            rows.stream().map(r -> r.note).toArray(String[]::new),
                            rows.stream().map(r -> utc(r.at)).toArray(OffsetDateTime[]::new)))));
        }
        if (!changes.events.isEmpty()) {
            List<AlertEvent> rows = changes.events;
            // Ids in the order of the changes: the live stream sends them in that order.
            statements.add(connection.preparedQuery("""
                            INSERT INTO alert_event (id, alert_id, type, payload, created_at)
                            SELECT nextval('alert_event_seq'), alert_id, type, payload, created_at
                            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY
                                 AS t(alert_id, type, payload, created_at, n)
                            ORDER BY n""")
                    .execute(Tuple.of(rows.stream().map(AlertEvent::alertId).toArray(UUID[]::new),
                            rows.stream().map(AlertEvent::type).toArray(String[]::new),
                            rows.stream().map(AlertEvent::payload).toArray(String[]::new),
                            rows.stream().map(r -> utc(r.createdAt())).toArray(OffsetDateTime[]::new))));
        }
        if (!changes.deliveries.isEmpty()) {
            List<DeliveryEntity> rows = changes.deliveries;
            statements.add(connection.preparedQuery("""
                            INSERT INTO delivery (id, subscription_id, alert_id, event_type, payload, status, attempts,
                                                  next_attempt_at, created_at)
                            SELECT id, subscription_id, alert_id, event_type, payload, 'PENDING', 0, next_attempt_at,
                                   created_at
                            FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[],
                                        $7::timestamptz[])
                                 AS t(id, subscription_id, alert_id, event_type, payload, next_attempt_at, created_at)""")
                    .execute(Tuple.tuple(List.of(rows.stream().map(r -> r.id).toArray(UUID[]::new),
                            rows.stream().map(r -> r.subscriptionId).toArray(UUID[]::new),
                            rows.stream().map(r -> r.alertId).toArray(UUID[]::new),
                            rows.stream().map(r -> r.eventType).toArray(String[]::new),
                            rows.stream().map(r -> r.payload).toArray(String[]::new),
                            rows.stream().map(r -> utc(r.nextAttemptAt)).toArray(OffsetDateTime[]::new),
                            rows.stream().map(r -> utc(r.createdAt)).toArray(OffsetDateTime[]::new)))));
        }
        if (!changes.regrouped.isEmpty()) {
            List<DeliveryEntity> rows = List.copyOf(changes.regrouped.values());
            statements.add(connection.preparedQuery("""
                            UPDATE delivery d SET payload = t.payload, event_type = t.event_type
                            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, payload, event_type)
                            WHERE d.id = t.id""")
                    .execute(Tuple.of(rows.stream().map(r -> r.id).toArray(UUID[]::new),
                            rows.stream().map(r -> r.payload).toArray(String[]::new),
                            rows.stream().map(r -> r.eventType).toArray(String[]::new))));
        }
        if (!changes.members.isEmpty()) {
            List<DeliveryAlert.Key> rows = List.copyOf(changes.members);
            statements.add(connection.preparedQuery("""
                            INSERT INTO delivery_member (delivery_id, alert_id)
                            SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING""")
                    .execute(Tuple.of(rows.stream().map(r -> r.deliveryId).toArray(UUID[]::new),
                            rows.stream().map(r -> r.alertId).toArray(UUID[]::new))));
        }
        return statements.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    private Tuple alertArrays(List<AlertEntity> alerts) {
        return Tuple.tuple(List.of(
                alerts.stream().map(a -> a.id).toArray(UUID[]::new),
                alerts.stream().map(a -> a.customerId).toArray(String[]::new),
                alerts.stream().map(a -> a.segment).toArray(String[]::new),
                alerts.stream().map(a -> a.cause).toArray(String[]::new),
                alerts.stream().map(a -> name(a.status)).toArray(String[]::new),
                alerts.stream().map(a -> name(a.severity)).toArray(String[]::new),
                alerts.stream().map(a -> a.scoreBefore).toArray(Integer[]::new),
                alerts.stream().map(a -> a.scoreAfter).toArray(Integer[]::new),
                alerts.stream().map(a -> a.bandBefore).toArray(String[]::new),
                alerts.stream().map(a -> a.bandAfter).toArray(String[]::new),
                alerts.stream().map(a -> write(a.drivers)).toArray(String[]::new),
                alerts.stream().map(a -> a.recommendedAction).toArray(String[]::new),
                alerts.stream().map(a -> a.lastSignalId).toArray(String[]::new),
                alerts.stream().map(a -> utc(a.openedAt)).toArray(OffsetDateTime[]::new),
                alerts.stream().map(a -> utc(a.updatedAt)).toArray(OffsetDateTime[]::new),
                alerts.stream().map(a -> utc(a.acknowledgedAt)).toArray(OffsetDateTime[]::new),
                alerts.stream().map(a -> utc(a.resolvedAt)).toArray(OffsetDateTime[]::new),
                alerts.stream().map(a -> a.flapping).toArray(Boolean[]::new),
                alerts.stream().map(a -> a.risk).toArray(Double[]::new),
                alerts.stream().map(a -> a.resolution).toArray(String[]::new)));
    }

    public static String episodeKey(String customerId, String cause) {
        return customerId + "\u0000" + cause;
    }

    private AlertEntity alert(Row row) {
        AlertEntity a = new AlertEntity();
        a.id = row.getUUID("id");
        a.customerId = row.getString("customer_id");
        a.segment = row.getString("segment");
        a.cause = row.getString("cause");
        a.status = AlertStatus.valueOf(row.getString("status"));
        a.severity = Severity.valueOf(row.getString("severity"));
        a.scoreBefore = row.getInteger("score_before");
        a.scoreAfter = row.getInteger("score_after");
        a.bandBefore = row.getString("band_before");
        a.bandAfter = row.getString("band_after");
        a.drivers = read(row.getString("drivers"), AlertEntity.Explanation.class);
        a.recommendedAction = row.getString("recommended_action");
        a.lastSignalId = row.getString("last_signal_id");
        a.openedAt = instant(row, "opened_at");
        a.updatedAt = instant(row, "updated_at");
        a.acknowledgedAt = instant(row, "acknowledged_at");
        a.resolvedAt = instant(row, "resolved_at");
        a.snoozedUntil = instant(row, "snoozed_until");
        a.snoozeReason = row.getString("snooze_reason");
        a.flapping = row.getBoolean("flapping");
        a.version = row.getLong("version");
        a.risk = row.getDouble("risk");
        a.resolution = row.getString("resolution");
        return a;
    }

    private SubscriptionEntity subscription(Row row) {
        SubscriptionEntity s = new SubscriptionEntity();
        s.id = row.getUUID("id");
        s.filter = read(row.getString("filter"), SubscriptionFilter.class);
        s.groupWindowSeconds = row.getInteger("group_window_seconds");
        s.active = true;
        return s;
    }

    private static DeliveryEntity delivery(Row row) {
        DeliveryEntity d = new DeliveryEntity();
        d.id = row.getUUID("id");
        d.subscriptionId = row.getUUID("subscription_id");
        d.alertId = row.getUUID("alert_id");
        d.eventType = row.getString("event_type");
        d.payload = row.getString("payload");
        d.status = DeliveryEntity.PENDING;
        d.nextAttemptAt = instant(row, "next_attempt_at");
        d.createdAt = instant(row, "created_at");
        return d;
    }

    private static <T, C extends java.util.Collection<T>> C collect(RowSet<Row> rows, Function<Row, T> map, C into) {
        rows.forEach(row -> into.add(map.apply(row)));
        return into;
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not serialisable: " + value, e);
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }
}
