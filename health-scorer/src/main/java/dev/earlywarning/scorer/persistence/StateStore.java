package dev.earlywarning.scorer.persistence;

import dev.earlywarning.commons.persistence.StoreFailures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.commons.json.FastJsonCustomizer;

import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.domain.RelationshipState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.earlywarning.commons.persistence.RecordTable;
import dev.earlywarning.commons.persistence.RecordTable.Type;

/**
 * The one way into the scorer's tables: persists changed customers, their history and the consumed
 * offsets in one transaction, reloads a partition's customers and offsets on assignment, and reads
 * what the REST API shows.
 *
 * <p>Everything goes through the reactive PostgreSQL client; each table's columns are specified once
 * ({@link RecordTable}). Writes are one statement per table and batch with the rows as arrays
 * ({@code INSERT ... SELECT FROM unnest(...)}): about 0.13 ms per customer row where Hibernate
 * Reactive's batched upserts took about 5 ms (docs/benchmarks.md).
 */
@ApplicationScoped
public class StateStore {

    /** Rows read per page when a partition's customers are reloaded. */
    static final int RELOAD_PAGE = 5_000;

    /** The JSON format of the assessment columns (instants as decimal seconds, nanoseconds kept). */
    static final ObjectMapper JSON = FastJsonCustomizer.apply(new ObjectMapper().findAndRegisterModules())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Offsets only move forward: a late batch of an old owner never moves them back. */
    private static final String OFFSETS_FORWARD = """
            ON CONFLICT (id) DO UPDATE SET next_offset = excluded.next_offset
            WHERE consumed_offset.next_offset < excluded.next_offset""";

    private static final String RELOAD = """
            SELECT customer_id, kafka_partition, snapshot,
                   CASE WHEN snapshot IS NULL THEN state::text END AS state,
                   CASE WHEN snapshot IS NULL THEN assessment::text END AS assessment
            FROM customer_health
            WHERE kafka_partition = ANY($1) AND customer_id > $2 ORDER BY customer_id LIMIT $3""";

    private static final String RELOAD_ONE = """
            SELECT customer_id, kafka_partition, snapshot,
                   CASE WHEN snapshot IS NULL THEN state::text END AS state,
                   CASE WHEN snapshot IS NULL THEN assessment::text END AS assessment
            FROM customer_health WHERE customer_id = $1""";

    /**
     * One stored customer, as the engine loads it: its snapshot, or for a row from before snapshots
     * (V4) its state and assessment as JSON.
     */
    public record Loaded(int partition, String customerId, byte[] snapshot, RelationshipState state,
                         HealthAssessment health) {
    }

    /** Receives reloaded customers, a page at a time. */
    public interface LoadSink {
        void accept(List<Loaded> page);
    }

    private final Pool pool;
    private final RecordTable<CustomerHealth> customerTable;
    private final RecordTable<HealthHistory> historyTable;
    private final RecordTable<ConsumedOffset> offsetTable;
    private final String upsertCustomers;
    private final String insertHistory;
    private final String upsertOffsets;

    public StateStore(Pool pool) {
        this.pool = pool;
        this.customerTable = RecordTable.of("customer_health", CustomerHealth.class)
                .column("customer_id", Type.TEXT).column("segment", Type.TEXT).column("score", Type.INT)
                .column("band", Type.TEXT).column("confidence", Type.FLOAT8).column("policy_version", Type.TEXT)
                .column("assessed_at", Type.TIMESTAMPTZ).column("snapshot", Type.BYTEA)
                .column("assessment", Type.JSON_TEXT).column("kafka_partition", Type.INT)
                .build(JSON);
        this.historyTable = RecordTable.of("health_history", HealthHistory.class)
                .column("customer_id", Type.TEXT).column("cause", Type.TEXT).column("score", Type.INT)
                .column("band", Type.TEXT).column("assessed_at", Type.TIMESTAMPTZ).column("assessment", Type.JSON_TEXT)
                .column("event", Type.JSON_TEXT)
                .build(JSON);
        this.offsetTable = RecordTable.of("consumed_offset", ConsumedOffset.class)
                .column("id", Type.TEXT).column("topic", Type.TEXT).column("kafka_partition", Type.INT)
                .column("next_offset", Type.BIGINT)
                .build(JSON);
        // A rewritten row drops the state JSON of before snapshots (V4): the snapshot replaces it.
        this.upsertCustomers = customerTable.upsert("customer_id", "state = NULL");
        this.insertHistory = historyTable.insert("ON CONFLICT (customer_id, cause) DO NOTHING");
        this.upsertOffsets = offsetTable.insert(OFFSETS_FORWARD);
    }

    /** An assessment as stored in its JSON columns: written once for the customer's row and its history row. */
    public static String json(HealthAssessment assessment) {
        return write(assessment);
    }

    /** What a stored assessment's JSON holds. */
    public static HealthAssessment assessment(String json) {
        return read(json, HealthAssessment.class);
    }

    /** A customer's row, or null. */
    public Uni<CustomerHealth> current(String customerId) {
        return pool.preparedQuery(customerTable.select("WHERE customer_id = $1")).execute(Tuple.of(customerId))
                .map(rows -> rows.iterator().hasNext() ? customerTable.read(rows.iterator().next()) : null);
    }

    /** A customer's history, newest first. */
    public Uni<List<HealthHistory>> history(String customerId, int limit) {
        return pool.preparedQuery(historyTable.select("WHERE customer_id = $1 ORDER BY assessed_at DESC, id DESC LIMIT $2"))
                .execute(Tuple.of(customerId, limit)).map(rows -> {
                    List<HealthHistory> list = new ArrayList<>();
                    rows.forEach(row -> list.add(historyTable.read(row)));
                    return list;
                });
    }

    /** Customers in the given bands (and segment, if given), least healthy first, a page of them. */
    public Uni<List<CustomerHealth>> inBands(List<dev.earlywarning.scorer.domain.Band> bands, String segment, int page,
                                             int size) {
        String[] names = bands.stream().map(Enum::name).toArray(String[]::new);
        String where = "WHERE band = ANY($1) AND ($2::text IS NULL OR segment = $2) "
                + "ORDER BY score, customer_id LIMIT $3 OFFSET $4";
        return pool.preparedQuery(customerTable.select(where)).execute(Tuple.of(names, segment, size, (long) page * size))
                .map(rows -> {
                    List<CustomerHealth> list = new ArrayList<>();
                    rows.forEach(row -> list.add(customerTable.read(row)));
                    return list;
                });
    }

    /**
     * Handed the customers whose rows the database refused, each with the reason, before the rest
     * of their batch commits: what it does (dead-lettering their records) is done or the batch is not
     * stored.
     */
    public interface RefusalHandler {
        Uni<Void> refused(Map<String, String> reasonByCustomer);
    }

    /** Deletes erased customers' state and history. */
    public Uni<Void> erase(List<String> customerIds) {
        String[] ids = customerIds.toArray(String[]::new);
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM health_history WHERE customer_id = ANY($1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(ids))
                .chain(() -> connection.preparedQuery("DELETE FROM customer_health WHERE customer_id = ANY($1)")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(ids))))
                .replaceWithVoid();
    }

    /** Deletes up to {@code batch} history rows assessed before {@code cutoff}; returns how many went. */
    public Uni<Integer> purgeHistory(java.time.Instant cutoff, int batch) {
        return pool.preparedQuery("DELETE FROM health_history WHERE id IN (SELECT id FROM health_history "
                        + "WHERE assessed_at < $1 LIMIT $2)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(java.time.OffsetDateTime.ofInstant(cutoff,
                        java.time.ZoneOffset.UTC), batch))
                .map(rows -> rows.rowCount());
    }

    /**
     * Stores a batch in one transaction. Should the database refuse a row as data (SQLSTATE class 22
     * or 23), the batch is stored again customer by customer within one transaction, each behind a
     * savepoint: the refused customers' rows are left out and handed to {@code onRefused} before the
     * rest and the offsets commit. Completes with the refused customers (empty as a rule); fails on
     * an outage, which the caller retries.
     */
    public Uni<Set<String>> save(List<CustomerHealth> customers, List<HealthHistory> history,
                                 List<ConsumedOffset> offsets, RefusalHandler onRefused) {
        List<Part> parts = Part.split(customers, history, offsets);
        if (parts.size() == 1) {
            return saveAtomically(customers, history, offsets, onRefused);
        }
        return Uni.combine().all().unis(parts.stream()
                        .map(part -> saveAtomically(part.customers, part.history, part.offsets, onRefused)).toList())
                // Both parts end before a failure is reported: the caller's retry never overlaps a part
                // still running (a part that committed is stored again harmlessly: rows and offsets are
                // upserts, history rows are skipped on conflict).
                .collectFailures()
                .with(Set.class, refused -> {
                    Set<String> all = new java.util.HashSet<>();
                    refused.forEach(all::addAll);
                    return Set.copyOf(all);
                });
    }

    /**
     * A batch's rows in two parts by Kafka partition, each stored in its own transaction on its own
     * connection, at once: one backend per batch kept the database's share of scoring on one core.
     * Each part holds whole partitions (their customers, history and next offsets), so what a crash
     * leaves is, partition by partition, the old or the new: the reload seeks each partition to its own
     * stored offset.
     */
    record Part(List<CustomerHealth> customers, List<HealthHistory> history, List<ConsumedOffset> offsets) {

        static List<Part> split(List<CustomerHealth> customers, List<HealthHistory> history,
                                List<ConsumedOffset> offsets) {
            Map<Integer, Integer> load = new java.util.TreeMap<>();
            customers.forEach(c -> load.merge(c.kafkaPartition(), 1, Integer::sum));
            offsets.forEach(o -> load.putIfAbsent(o.kafkaPartition(), 0));
            if (load.size() < 2) {
                return List.of(new Part(customers, history, offsets));
            }
            // Greedy: the busiest partitions first, each to the lighter part.
            Set<Integer> first = new java.util.HashSet<>();
            int[] weight = new int[2];
            load.entrySet().stream().sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                    .forEach(e -> {
                        int to = weight[0] <= weight[1] ? 0 : 1;
                        weight[to] += e.getValue() + 1;
                        if (to == 0) {
                            first.add(e.getKey());
                        }
                    });
            Map<String, Integer> partitionOf = new java.util.HashMap<>();
            customers.forEach(c -> partitionOf.put(c.customerId(), c.kafkaPartition()));
            List<CustomerHealth> c0 = new ArrayList<>();
            List<CustomerHealth> c1 = new ArrayList<>();
            customers.forEach(c -> (first.contains(c.kafkaPartition()) ? c0 : c1).add(c));
            List<HealthHistory> h0 = new ArrayList<>();
            List<HealthHistory> h1 = new ArrayList<>();
            // A history row goes with its customer's row (every scored customer has one in the batch).
            history.forEach(h -> (first.contains(partitionOf.getOrDefault(h.customerId(), -1)) ? h0 : h1).add(h));
            List<ConsumedOffset> o0 = new ArrayList<>();
            List<ConsumedOffset> o1 = new ArrayList<>();
            offsets.forEach(o -> (first.contains(o.kafkaPartition()) ? o0 : o1).add(o));
            return List.of(new Part(c0, h0, o0), new Part(c1, h1, o1));
        }
    }

    private Uni<Set<String>> saveAtomically(List<CustomerHealth> customers, List<HealthHistory> history,
                                            List<ConsumedOffset> offsets, RefusalHandler onRefused) {
        return save(customers, history, offsets).replaceWith(Set.<String>of())
                .onFailure(StoreFailures::isData)
                .recoverWithUni(refusal -> saveEach(customers, history, offsets, onRefused, refusal));
    }

    private Uni<Set<String>> saveEach(List<CustomerHealth> customers, List<HealthHistory> history,
                                      List<ConsumedOffset> offsets, RefusalHandler onRefused, Throwable first) {
        Map<String, List<HealthHistory>> historyByCustomer = new LinkedHashMap<>();
        history.forEach(h -> historyByCustomer.computeIfAbsent(h.customerId(), id -> new ArrayList<>()).add(h));
        Map<String, String> refused = new ConcurrentHashMap<>();
        // BEGIN and COMMIT by hand: the client's own transactions roll back on any failed statement,
        // savepoint or not.
        return pool.withConnection(connection -> {
            Uni<Void> work = connection.query("BEGIN").execute().replaceWithVoid();
            for (CustomerHealth customer : customers) {
                List<HealthHistory> rows = historyByCustomer.getOrDefault(customer.customerId(), List.of());
                work = work.chain(() -> connection.query("SAVEPOINT customer").execute())
                        .chain(() -> connection.preparedQuery(upsertCustomers)
                                .execute(customerTable.arrays(List.of(customer))))
                        .chain(() -> rows.isEmpty() ? Uni.createFrom().voidItem()
                                : connection.preparedQuery(insertHistory).execute(historyTable.arrays(rows))
                                .replaceWithVoid())
                        .chain(() -> connection.query("RELEASE SAVEPOINT customer").execute())
                        .replaceWithVoid()
                        .onFailure(StoreFailures::isData).recoverWithUni(e -> {
                            refused.put(customer.customerId(), "The database refused the customer's row (SQLSTATE "
                                    + StoreFailures.sqlState(e) + "): " + e.getMessage());
                            return connection.query("ROLLBACK TO SAVEPOINT customer").execute().replaceWithVoid();
                        });
            }
            if (!offsets.isEmpty()) {
                work = work.chain(() -> connection.preparedQuery(upsertOffsets).execute(offsetTable.arrays(offsets))
                        .replaceWithVoid());
            }
            return work.chain(() -> {
                        if (refused.isEmpty()) {
                            // Nothing refused alone: the batch as a whole was (a row against another).
                            return Uni.createFrom().<Void>failure(first);
                        }
                        return onRefused.refused(Map.copyOf(refused));
                    })
                    .chain(() -> connection.query("COMMIT").execute())
                    .onFailure().call(() -> connection.query("ROLLBACK").execute()
                            .onFailure().recoverWithNull());
        }).replaceWith(() -> Set.copyOf(refused.keySet()));
    }

    /** One customer as stored, or null: what the engine goes back to when its newer state was refused. */
    public Uni<Loaded> loadOne(String customerId) {
        return pool.preparedQuery(RELOAD_ONE).execute(Tuple.of(customerId)).map(rows -> {
            for (Row row : rows) {
                return loaded(row);
            }
            return null;
        });
    }

    /** One transaction: either all of it is stored, or none. */
    public Uni<Void> save(List<CustomerHealth> customers, List<HealthHistory> history, List<ConsumedOffset> offsets) {
        if (customers.isEmpty() && history.isEmpty() && offsets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple historyRows = history.isEmpty() ? null : historyTable.arrays(history);
        Tuple customerRows = customers.isEmpty() ? null : customerTable.arrays(customers);
        Tuple offsetRows = offsets.isEmpty() ? null : offsetTable.arrays(offsets);
        return pool.withTransaction(connection -> {
            Uni<Void> work = Uni.createFrom().voidItem();
            if (customerRows != null) {
                work = work.chain(() -> connection.preparedQuery(upsertCustomers).execute(customerRows).replaceWithVoid());
            }
            if (historyRows != null) {
                work = work.chain(() -> connection.preparedQuery(insertHistory).execute(historyRows).replaceWithVoid());
            }
            if (offsetRows != null) {
                work = work.chain(() -> connection.preparedQuery(upsertOffsets).execute(offsetRows).replaceWithVoid());
            }
            return work;
        });
    }

    /**
     * Reads the customers of {@code partitions} a page at a time and hands each page to the sink, so
     * a million customers never sit in memory twice (rows and state). Completes with the count.
     */
    public Uni<Long> load(Collection<Integer> partitions, LoadSink sink) {
        Integer[] parts = partitions.toArray(Integer[]::new);
        return page(parts, "", sink, 0L);
    }

    private Uni<Long> page(Integer[] partitions, String after, LoadSink sink, long loaded) {
        return pool.preparedQuery(RELOAD).execute(Tuple.of(partitions, after, RELOAD_PAGE)).chain(rows -> {
            List<Loaded> page = new ArrayList<>(rows.size());
            String last = after;
            for (Row row : rows) {
                last = row.getString("customer_id");
                page.add(loaded(row));
            }
            sink.accept(page);
            long total = loaded + page.size();
            return page.size() < RELOAD_PAGE ? Uni.createFrom().item(total) : page(partitions, last, sink, total);
        });
    }

    private static Loaded loaded(Row row) {
        String customerId = row.getString("customer_id");
        Buffer snapshot = row.getBuffer("snapshot");
        return snapshot != null
                ? new Loaded(row.getInteger("kafka_partition"), customerId, snapshot.getBytes(), null, null)
                : new Loaded(row.getInteger("kafka_partition"), customerId, null,
                read(row.getString("state"), RelationshipState.class),
                read(row.getString("assessment"), HealthAssessment.class));
    }

    /** The next offset to consume per partition, for the partitions that have one. */
    public Uni<Map<Integer, Long>> offsets(String topic, Collection<Integer> partitions) {
        return pool.preparedQuery("SELECT kafka_partition, next_offset FROM consumed_offset "
                        + "WHERE topic = $1 AND kafka_partition = ANY($2)")
                .execute(Tuple.of(topic, partitions.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Long> next = new HashMap<>();
                    rows.forEach(row -> next.put(row.getInteger(0), row.getLong(1)));
                    return next;
                });
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads the JSON as text: decoding it to a Vert.x JsonObject first would round the instants' nanoseconds. */
    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read a stored " + type.getSimpleName(), e);
        }
    }
}
