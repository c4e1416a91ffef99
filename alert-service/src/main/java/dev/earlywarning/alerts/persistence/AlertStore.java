package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.domain.Alert;
import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.SubscriptionFilter;
import dev.earlywarning.commons.persistence.RecordTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way into the alert tables ({@code alert}, {@code alert_transition}, {@code alert_outcome},
 * {@code customer_outcome}, and the alert-change rows of {@code processed_signal}, {@code alert_event},
 * {@code delivery} and {@code delivery_member}): plain SQL on the reactive client, inside the
 * caller's transaction where it has one. Each table's columns are specified once
 * ({@link AlertTables}): the select list, the batch {@code unnest} arrays and the row mapping come
 * from it. Each look-up is one statement for a whole batch, each table's new rows one
 * {@code INSERT … SELECT FROM unnest(…)}, and the statements are pipelined. Applying a signal
 * through entity sessions cost about 2 ms of CPU per signal (JFR: query translation, action queues,
 * dirty checks), which the alert-service could not afford on a shared machine.
 */
@ApplicationScoped
public class AlertStore {

    private final RecordTable<Alert.State> alerts;
    private final RecordTable<AlertTransition> transitions;
    private final RecordTable<AlertOutcome> alertOutcomes;
    private final RecordTable<CustomerOutcome> customerOutcomes;
    private final RecordTable<Subscription> subscriptions;
    private final RecordTable<Delivery> deliveries;
    private final RecordTable<Delivery.Member> members;

    /** What a batch needs to know before it decides. */
    /**
     * What a batch needs to know before it decides.
     *
     * @param resolvedRecently by customer, then cause: the episodes resolved within the flapping window
     */
    public record Known(Set<String> processed, List<Alert> open, Map<String, Map<String, Integer>> resolvedRecently,
                        List<Subscription> subscriptions, Map<UUID, Delivery> collecting) {

        /** A customer's episodes resolved recently, by cause. */
        public Map<String, Integer> resolvedRecently(String customerId) {
            return resolvedRecently.getOrDefault(customerId, Map.of());
        }
    }

    /** Everything one transaction writes; the store writes it table by table in foreign-key order. */
    public static final class Changes {
        /** When the transaction's signals were processed. */
        public final Instant at;
        public final List<String> processed = new ArrayList<>();

        public Changes(Instant at) {
            this.at = at;
        }
        public final List<Alert> opened = new ArrayList<>();
        public final Map<UUID, Alert> updated = new java.util.LinkedHashMap<>();
        public final List<AlertTransition> transitions = new ArrayList<>();
        public final List<AlertEvent> events = new ArrayList<>();
        public final List<Delivery> deliveries = new ArrayList<>();
        /** Deliveries still collecting that now carry more changes, by id. */
        public final Map<UUID, Delivery> regrouped = new HashMap<>();
        public final Set<Delivery.Member> members = new java.util.LinkedHashSet<>();
        /** What became of customers, by customer: the last outcome of a batch wins. */
        public final Map<String, CustomerOutcome> outcomes = new java.util.LinkedHashMap<>();

        /** An alert a step changed: inserted when it opened in this transaction, else updated. */
        public void changed(Alert alert, boolean opened) {
            if (opened) {
                this.opened.add(alert);
            } else if (!this.opened.contains(alert)) {
                updated.put(alert.id(), alert);
            }
        }
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

    public AlertStore(AlertTables tables) {
        this.alerts = tables.alerts;
        this.transitions = tables.transitions;
        this.alertOutcomes = tables.alertOutcomes;
        this.customerOutcomes = tables.customerOutcomes;
        this.subscriptions = tables.subscriptions;
        this.deliveries = tables.deliveries;
        this.members = tables.members;
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
        Uni<List<Alert>> open = customers.isEmpty() ? Uni.createFrom().item(List.of())
                : connection.preparedQuery(alerts.select("WHERE customer_id = ANY($1) AND status <> 'RESOLVED' FOR UPDATE"))
                .execute(Tuple.of(customerArray)).map(rows -> collect(rows, this::alert, new ArrayList<>()));
        Uni<Map<String, Map<String, Integer>>> resolved = connection.preparedQuery("""
                        SELECT customer_id, cause, count(*) AS episodes FROM alert
                        WHERE customer_id = ANY($1) AND status = 'RESOLVED' AND resolved_at >= $2
                        GROUP BY customer_id, cause""")
                .execute(Tuple.of(customerArray, utc(resolvedSince))).map(rows -> {
                    Map<String, Map<String, Integer>> counts = new HashMap<>();
                    rows.forEach(row -> counts.computeIfAbsent(row.getString("customer_id"), c -> new HashMap<>())
                            .put(row.getString("cause"), row.getLong("episodes").intValue()));
                    return counts;
                });
        Uni<List<Subscription>> active = connection.preparedQuery(subscriptions.select("WHERE active"))
                .execute().map(rows -> (List<Subscription>) collect(rows, subscriptions::read, new ArrayList<Subscription>()))
                .memoize().indefinitely();
        // Only grouping subscriptions collect alerts into a delivery not sent yet. Asked for all of
        // them, the database scanned every pending delivery of every subscription: 10-15 ms a batch
        // and most of its CPU in the end-to-end benchmark, with no grouping subscription at all.
        Uni<Map<UUID, Delivery>> collecting = active.chain(all -> {
            UUID[] grouping = all.stream().filter(s -> s.groupWindowSeconds() > 0).map(Subscription::id)
                    .toArray(UUID[]::new);
            if (grouping.length == 0) {
                return Uni.createFrom().item(Map.<UUID, Delivery>of());
            }
            return connection.preparedQuery(deliveries.select("""
                            WHERE subscription_id = ANY($2) AND status = 'PENDING' AND attempts = 0
                              AND next_attempt_at > $1
                            ORDER BY created_at
                            FOR UPDATE"""))
                    .execute(Tuple.of(utc(now), grouping)).map(rows -> {
                        Map<UUID, Delivery> bySubscription = new HashMap<>();
                        rows.forEach(row -> {
                            Delivery d = deliveries.read(row);
                            bySubscription.putIfAbsent(d.subscriptionId(), d);
                        });
                        return bySubscription;
                    });
        });
        // Four statements sent without waiting for each other (the connection pipelines them), and
        // the grouping subscriptions' deliveries once the subscriptions are known.
        return Uni.combine().all().unis(processed, open, resolved, active, collecting).with(Known::new);
    }

    /** One alert, locked for the transaction; null when there is none. */
    public Uni<Alert> lock(SqlConnection connection, UUID id) {
        return one(connection, alerts.select("WHERE id = $1 FOR UPDATE"), id);
    }

    /** One alert, or null. */
    public Uni<Alert> find(SqlClient client, UUID id) {
        return one(client, alerts.select("WHERE id = $1"), id);
    }

    private Uni<Alert> one(SqlClient client, String sql, UUID id) {
        return client.preparedQuery(sql).execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? alert(rows.iterator().next()) : null);
    }

    /**
     * What an operator narrows alerts to; null is any. {@code assignee} names who took them on,
     * {@code unassigned} asks for those nobody has taken.
     */
    public record Filter(AlertStatus status, String customerId, Severity severity, String segment, String cause,
                         String assignee, boolean unassigned) {

        /** The filter without one dimension's condition: that dimension's facet counts beside the others'. */
        Filter without(String dimension) {
            return switch (dimension) {
                case "status" -> new Filter(null, customerId, severity, segment, cause, assignee, unassigned);
                case "severity" -> new Filter(status, customerId, null, segment, cause, assignee, unassigned);
                case "segment" -> new Filter(status, customerId, severity, null, cause, assignee, unassigned);
                case "cause" -> new Filter(status, customerId, severity, segment, null, assignee, unassigned);
                default -> throw new IllegalArgumentException(dimension);
            };
        }

        /** The SQL condition, its parameters appended to {@code params}. */
        String where(List<Object> params) {
            StringBuilder where = new StringBuilder("WHERE true");
            java.util.function.BiConsumer<String, Object> equal = (column, value) -> {
                if (value != null) {
                    params.add(value);
                    where.append(" AND ").append(column).append(" = $").append(params.size());
                }
            };
            equal.accept("status", status == null ? null : status.name());
            equal.accept("customer_id", customerId);
            equal.accept("severity", severity == null ? null : severity.name());
            equal.accept("segment", segment);
            equal.accept("cause", cause);
            equal.accept("assignee", assignee);
            if (unassigned) {
                where.append(" AND assignee IS NULL");
            }
            return where.toString();
        }
    }

    /** How a list of alerts is ordered. */
    public enum Order {
        /** Newest first. */
        NEWEST(" ORDER BY opened_at DESC, id"),
        /** The customers most likely to leave first, alerts without a risk last, then newest. */
        RISK(" ORDER BY risk DESC NULLS LAST, opened_at DESC, id"),
        /** Critical first, then warnings, then the rest; newest first within each. */
        SEVERITY(" ORDER BY CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END, opened_at DESC, id");

        final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    /** The facets an inbox counts by. */
    public static final List<String> FACETS = List.of("status", "severity", "segment", "cause");

    /**
     * Alerts matching the filter, a page of them, in the order asked for.
     */
    public Uni<List<Alert.State>> search(SqlClient client, Filter filter, Order order, int page, int size) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(filter.where(params));
        where.append(order.sql);
        params.add(size);
        where.append(" LIMIT $").append(params.size());
        params.add((long) page * size);
        where.append(" OFFSET $").append(params.size());
        return client.preparedQuery(alerts.select(where.toString())).execute(Tuple.from(params))
                .map(rows -> collect(rows, alerts::read, new ArrayList<>()));
    }

    /**
     * How many alerts match the filter, and per value of each facet how many match the filter without
     * that facet's own condition (so an inbox shows what each choice would give).
     */
    public Uni<Counts> count(SqlClient client, Filter filter) {
        List<Uni<Map<String, Long>>> facets = new ArrayList<>();
        for (String facet : FACETS) {
            List<Object> params = new ArrayList<>();
            String where = filter.without(facet).where(params);
            // The facet names are this class's constants, never input.
            facets.add(client.preparedQuery("SELECT " + facet + ", count(*) FROM alert " + where + " GROUP BY " + facet
                            + " ORDER BY count(*) DESC, " + facet + " LIMIT 100")
                    .execute(Tuple.from(params)).map(rows -> {
                        Map<String, Long> counts = new LinkedHashMap<>();
                        rows.forEach(row -> counts.put(String.valueOf(row.getValue(0)), row.getLong(1)));
                        return counts;
                    }));
        }
        return Uni.join().all(facets).andFailFast().map(list -> {
            Map<String, Map<String, Long>> byFacet = new LinkedHashMap<>();
            for (int i = 0; i < FACETS.size(); i++) {
                byFacet.put(FACETS.get(i), list.get(i));
            }
            // The status facet is counted with every other condition: the total is in it.
            Map<String, Long> byStatus = byFacet.get("status");
            long total = filter.status() == null ? byStatus.values().stream().mapToLong(Long::longValue).sum()
                    : byStatus.getOrDefault(filter.status().name(), 0L);
            return new Counts(total, byFacet);
        });
    }

    /** Alerts matching a filter, and per facet value. */
    public record Counts(long total, Map<String, Map<String, Long>> facets) {
    }

    /** An alert's history, oldest first. */
    public Uni<List<AlertTransition>> transitionsOf(SqlClient client, UUID alertId) {
        return client.preparedQuery(transitions.select("WHERE alert_id = $1 ORDER BY at, id"))
                .execute(Tuple.of(alertId)).map(rows -> collect(rows, transitions::read, new ArrayList<>()));
    }

    /** Records an operator's outcome; recording again replaces it. */
    public Uni<Void> saveOutcome(SqlClient client, AlertOutcome outcome) {
        return client.preparedQuery(alertOutcomes.insert("""
                        ON CONFLICT (alert_id) DO UPDATE SET action_taken = excluded.action_taken,
                            useful = excluded.useful, recorded_by = excluded.recorded_by,
                            recorded_at = excluded.recorded_at"""))
                .execute(alertOutcomes.arrays(List.of(outcome))).replaceWithVoid();
    }

    /** Recorded outcomes, newest first, all or only the useful (or not useful) ones. */
    public Uni<List<AlertOutcome>> outcomes(SqlClient client, Boolean useful, int page, int size) {
        String where = useful == null ? "WHERE $1::bool IS NULL" : "WHERE useful = $1";
        return client.preparedQuery(alertOutcomes.select(where + " ORDER BY recorded_at DESC, alert_id LIMIT $2 OFFSET $3"))
                .execute(Tuple.of(useful, size, (long) page * size))
                .map(rows -> collect(rows, alertOutcomes::read, new ArrayList<>()));
    }

    /** Writes the changes in foreign-key order; the statements are pipelined. */
    public Uni<Void> write(SqlConnection connection, Changes changes) {
        List<Uni<RowSet<Row>>> statements = new ArrayList<>();
        if (!changes.processed.isEmpty()) {
            OffsetDateTime at = utc(changes.at);
            statements.add(connection.preparedQuery("""
                            INSERT INTO processed_signal (signal_id, processed_at)
                            SELECT id, $2 FROM unnest($1::text[]) AS t(id)""")
                    .execute(Tuple.of(changes.processed.toArray(String[]::new), at)));
        }
        // Existing alerts first: a batch may resolve a customer's open alert and then open a new
        // episode of the same cause, which the one-open-alert index accepts only in that order.
        if (!changes.updated.isEmpty()) {
            statements.add(connection.preparedQuery(alerts.update("id", Map.of("version", "r.version + 1")))
                    .execute(alerts.arrays(changes.updated.values().stream().map(Alert::state).toList())));
        }
        if (!changes.opened.isEmpty()) {
            statements.add(connection.preparedQuery(alerts.insert(null))
                    .execute(alerts.arrays(changes.opened.stream().map(Alert::state).toList())));
        }
        if (!changes.outcomes.isEmpty()) {
            statements.add(connection.preparedQuery(customerOutcomes.insert("""
                            ON CONFLICT (customer_id) DO UPDATE SET
                                segment = COALESCE(excluded.segment, customer_outcome.segment),
                                ended_at = excluded.ended_at,
                                renewed_at = COALESCE(excluded.renewed_at, customer_outcome.renewed_at),
                                signal_id = excluded.signal_id, updated_at = excluded.updated_at"""))
                    .execute(customerOutcomes.arrays(List.copyOf(changes.outcomes.values()))));
        }
        if (!changes.transitions.isEmpty()) {
            statements.add(connection.preparedQuery(transitions.insert(null)).execute(transitions.arrays(changes.transitions)));
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
            statements.add(connection.preparedQuery(deliveries.insert(null)).execute(deliveries.arrays(changes.deliveries)));
        }
        if (!changes.regrouped.isEmpty()) {
            List<Delivery> rows = List.copyOf(changes.regrouped.values());
            statements.add(connection.preparedQuery("""
                            UPDATE delivery d SET payload = t.payload, event_type = t.event_type
                            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, payload, event_type)
                            WHERE d.id = t.id""")
                    .execute(Tuple.of(rows.stream().map(Delivery::id).toArray(UUID[]::new),
                            rows.stream().map(Delivery::payload).toArray(String[]::new),
                            rows.stream().map(Delivery::eventType).toArray(String[]::new))));
        }
        if (!changes.members.isEmpty()) {
            statements.add(connection.preparedQuery(members.insert("ON CONFLICT DO NOTHING"))
                    .execute(members.arrays(List.copyOf(changes.members))));
        }
        return statements.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    private Alert alert(Row row) {
        return Alert.restore(alerts.read(row));
    }

    private static <T, C extends java.util.Collection<T>> C collect(RowSet<Row> rows, Function<Row, T> map, C into) {
        rows.forEach(row -> into.add(map.apply(row)));
        return into;
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
