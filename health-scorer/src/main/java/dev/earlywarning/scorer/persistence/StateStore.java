package dev.earlywarning.scorer.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.domain.RelationshipState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Persists the scorer's state: changed customers, their history and the consumed offsets in one
 * transaction, and reloads a partition's customers and offsets on assignment.
 *
 * <p>Writes go through the reactive PostgreSQL client, one statement per table and batch with the
 * rows as arrays ({@code INSERT ... SELECT FROM unnest(...)}): about 0.13 ms per customer row
 * where Hibernate Reactive's batched upserts took about 5 ms (docs/benchmarks.md). The JSON
 * columns keep the format Hibernate reads for the REST queries ({@link CustomerHealth}).
 */
@ApplicationScoped
public class StateStore {

    /** Rows read per page when a partition's customers are reloaded. */
    static final int RELOAD_PAGE = 5_000;

    /** The JSON format of Hibernate's own mapper, which reads these columns for the REST queries. */
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String UPSERT_CUSTOMERS = """
            INSERT INTO customer_health (customer_id, segment, score, band, confidence, policy_version, assessed_at,
                                         snapshot, state, assessment, kafka_partition)
            SELECT id, seg, score, band, conf, ver, at, snap, NULL, asm::json, part
            FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::float8[], $6::text[],
                        $7::timestamptz[], $8::bytea[], $9::text[], $10::int4[])
                 AS t(id, seg, score, band, conf, ver, at, snap, asm, part)
            ON CONFLICT (customer_id) DO UPDATE SET segment = excluded.segment, score = excluded.score,
                band = excluded.band, confidence = excluded.confidence, policy_version = excluded.policy_version,
                assessed_at = excluded.assessed_at, snapshot = excluded.snapshot, state = NULL,
                assessment = excluded.assessment, kafka_partition = excluded.kafka_partition""";

    private static final String INSERT_HISTORY = """
            INSERT INTO health_history (customer_id, cause, score, band, assessed_at, assessment)
            SELECT id, cause, score, band, at, asm::json
            FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::timestamptz[], $6::text[])
                 AS t(id, cause, score, band, at, asm)
            ON CONFLICT (customer_id, cause) DO NOTHING""";

    private static final String UPSERT_OFFSETS = """
            INSERT INTO consumed_offset (id, topic, kafka_partition, next_offset)
            SELECT id, topic, part, next FROM unnest($1::text[], $2::text[], $3::int4[], $4::int8[])
                 AS t(id, topic, part, next)
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

    public StateStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Handed the customers whose rows the database refused, each with the reason, before the rest
     * of their batch commits: what it does (dead-lettering their records) is done or the batch is not
     * stored.
     */
    public interface RefusalHandler {
        Uni<Void> refused(Map<String, String> reasonByCustomer);
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
        return save(customers, history, offsets).replaceWith(Set.<String>of())
                .onFailure(StoreFailures::isData)
                .recoverWithUni(refusal -> saveEach(customers, history, offsets, onRefused, refusal));
    }

    private Uni<Set<String>> saveEach(List<CustomerHealth> customers, List<HealthHistory> history,
                                      List<ConsumedOffset> offsets, RefusalHandler onRefused, Throwable first) {
        Map<String, List<HealthHistory>> historyByCustomer = new LinkedHashMap<>();
        history.forEach(h -> historyByCustomer.computeIfAbsent(h.customerId, id -> new ArrayList<>()).add(h));
        Map<String, String> refused = new ConcurrentHashMap<>();
        // BEGIN and COMMIT by hand: the client's own transactions roll back on any failed statement,
        // savepoint or not.
        return pool.withConnection(connection -> {
            Uni<Void> work = connection.query("BEGIN").execute().replaceWithVoid();
            for (CustomerHealth customer : customers) {
                List<HealthHistory> rows = historyByCustomer.getOrDefault(customer.customerId, List.of());
                Map<HealthAssessment, String> written = new IdentityHashMap<>();
                work = work.chain(() -> connection.query("SAVEPOINT customer").execute())
                        .chain(() -> connection.preparedQuery(UPSERT_CUSTOMERS)
                                .execute(customerArrays(List.of(customer), written)))
                        .chain(() -> rows.isEmpty() ? Uni.createFrom().voidItem()
                                : connection.preparedQuery(INSERT_HISTORY).execute(historyArrays(rows, written))
                                .replaceWithVoid())
                        .chain(() -> connection.query("RELEASE SAVEPOINT customer").execute())
                        .replaceWithVoid()
                        .onFailure(StoreFailures::isData).recoverWithUni(e -> {
                            refused.put(customer.customerId, "The database refused the customer's row (SQLSTATE "
                                    + StoreFailures.sqlState(e) + "): " + e.getMessage());
                            return connection.query("ROLLBACK TO SAVEPOINT customer").execute().replaceWithVoid();
                        });
            }
            if (!offsets.isEmpty()) {
                work = work.chain(() -> connection.preparedQuery(UPSERT_OFFSETS).execute(offsetArrays(offsets))
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
        // A customer's row holds the same assessment as its latest history row: written as JSON once.
        Map<HealthAssessment, String> written = new IdentityHashMap<>(history.size() * 2);
        Tuple historyRows = history.isEmpty() ? null : historyArrays(history, written);
        Tuple customerRows = customers.isEmpty() ? null : customerArrays(customers, written);
        Tuple offsetRows = offsets.isEmpty() ? null : offsetArrays(offsets);
        return pool.withTransaction(connection -> {
            Uni<Void> work = Uni.createFrom().voidItem();
            if (customerRows != null) {
                work = work.chain(() -> connection.preparedQuery(UPSERT_CUSTOMERS).execute(customerRows).replaceWithVoid());
            }
            if (historyRows != null) {
                work = work.chain(() -> connection.preparedQuery(INSERT_HISTORY).execute(historyRows).replaceWithVoid());
            }
            if (offsetRows != null) {
                work = work.chain(() -> connection.preparedQuery(UPSERT_OFFSETS).execute(offsetRows).replaceWithVoid());
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

    private static Tuple customerArrays(List<CustomerHealth> customers, Map<HealthAssessment, String> written) {
        int n = customers.size();
        String[] ids = new String[n];
        String[] segments = new String[n];
        Integer[] scores = new Integer[n];
        String[] bands = new String[n];
        Double[] confidences = new Double[n];
        String[] versions = new String[n];
        OffsetDateTime[] assessedAt = new OffsetDateTime[n];
        io.vertx.core.buffer.Buffer[] snapshots = new io.vertx.core.buffer.Buffer[n];
        String[] assessments = new String[n];
        Integer[] partitions = new Integer[n];
        for (int i = 0; i < n; i++) {
            CustomerHealth c = customers.get(i);
            ids[i] = c.customerId;
            segments[i] = c.segment;
            scores[i] = c.score;
            bands[i] = c.band.name();
            confidences[i] = c.confidence;
            versions[i] = c.policyVersion;
            assessedAt[i] = c.assessedAt.atOffset(ZoneOffset.UTC);
            snapshots[i] = io.vertx.core.buffer.Buffer.buffer(c.snapshot);
            assessments[i] = written.computeIfAbsent(c.assessment, StateStore::write);
            partitions[i] = c.partition;
        }
        return Tuple.tuple(List.of(ids, segments, scores, bands, confidences, versions, assessedAt, snapshots,
                assessments, partitions));
    }

    private static Tuple historyArrays(List<HealthHistory> history, Map<HealthAssessment, String> written) {
        int n = history.size();
        String[] ids = new String[n];
        String[] causes = new String[n];
        Integer[] scores = new Integer[n];
        String[] bands = new String[n];
        OffsetDateTime[] assessedAt = new OffsetDateTime[n];
        String[] assessments = new String[n];
        for (int i = 0; i < n; i++) {
            HealthHistory h = history.get(i);
            ids[i] = h.customerId;
            causes[i] = h.cause;
            scores[i] = h.score;
            bands[i] = h.band.name();
            assessedAt[i] = h.assessedAt.atOffset(ZoneOffset.UTC);
            assessments[i] = written.computeIfAbsent(h.assessment, StateStore::write);
        }
        return Tuple.tuple(List.of(ids, causes, scores, bands, assessedAt, assessments));
    }

    private static Tuple offsetArrays(List<ConsumedOffset> offsets) {
        int n = offsets.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] next = new Long[n];
        for (int i = 0; i < n; i++) {
            ConsumedOffset o = offsets.get(i);
            ids[i] = o.id;
            topics[i] = o.topic;
            partitions[i] = o.partition;
            next[i] = o.nextOffset;
        }
        return Tuple.tuple(List.of(ids, topics, partitions, next));
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
