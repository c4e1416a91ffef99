package dev.earlywarning.scorer.persistence;

import dev.earlywarning.commons.persistence.StoreFailures;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.policy.PolicyLoader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The array upserts and the paged reload on the real database: what is stored comes back exactly. */
@QuarkusTest
class StateStoreTest {

    private final StateStore store;
    private final Pool pool;

    StateStoreTest(StateStore store, Pool pool) {
        this.store = store;
        this.pool = pool;
    }

    @Test
    void storedStateReloadsExactlyAndTheRestQueriesReadIt() throws Throwable {
        int partition = 900 + (int) (Math.random() * 1000);
        ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        List<CustomerHealth> rows = new ArrayList<>();
        List<HealthHistory> history = new ArrayList<>();
        // Nanoseconds in the instants: a reload that went through floating point would lose them.
        Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");
        for (int i = 0; i < StateStore.RELOAD_PAGE + 7; i++) {
            String customer = "S-" + UUID.randomUUID();
            ContactFact fact = ContactFact.of("e-" + customer, customer, at.plusNanos(i), ContactFact.FactType.CONTACT)
                    .withContact(ContactFact.Channel.PHONE, true, ContactFact.Sentiment.NEGATIVE,
                            ContactFact.Outcome.UNRESOLVED)
                    .withSegment("retail", true);
            for (ScoringEngine.Outcome o : engine.apply(fact)) {
                rows.add(CustomerHealth.of(partition, o.customerId(), o.state().segment(), o.health(), StateStore.json(o.health()), o.snapshot()));
                history.add(HealthHistory.of(o.customerId(), o.cause(), o.health(), StateStore.json(o.health()), o.event()));
            }
        }
        VertxContextSupport.subscribeAndAwait(() -> store.save(rows, history,
                List.of(ConsumedOffset.of("state-store-test", partition, 42))));

        List<StateStore.Loaded> loaded = new ArrayList<>();
        long count = VertxContextSupport.subscribeAndAwait(() -> store.load(List.of(partition), loaded::addAll));

        assertThat(count).isEqualTo(rows.size());
        assertThat(loaded).hasSize(rows.size());
        ScoringEngine reloaded = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        for (StateStore.Loaded customer : loaded) {
            assertThat(customer.partition()).isEqualTo(partition);
            assertThat(customer.snapshot()).isNotNull();
            reloaded.loadSnapshot(customer.customerId(), customer.snapshot());
        }
        for (CustomerHealth row : rows) {
            assertThat(reloaded.customer(row.customerId())).isEqualTo(engine.customer(row.customerId()));
            assertThat(reloaded.nextTimer(row.customerId())).isEqualTo(engine.nextTimer(row.customerId()));
        }
        assertThat(VertxContextSupport.subscribeAndAwait(() -> store.offsets("state-store-test", List.of(partition))))
                .containsEntry(partition, 42L);

        CustomerHealth sample = rows.get(3);
        given().when().get("/customers/{id}/health", sample.customerId())
                .then().statusCode(200).body("score", equalTo(sample.score())).body("band", equalTo(sample.band().name()));
        given().when().get("/customers/{id}/history", sample.customerId())
                .then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void aRowStoredAsJsonBeforeSnapshotsReloadsFromItsJson() throws Throwable {
        int partition = 2000 + (int) (Math.random() * 1000);
        ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        String customer = "L-" + UUID.randomUUID();
        ContactFact fact = ContactFact.of("e-" + customer, customer, Instant.parse("2026-02-01T10:00:00.5Z"),
                        ContactFact.FactType.PROMISE_MADE)
                .withPromise("P-1", Instant.parse("2026-02-03T10:00:00Z")).withSegment("business", true);
        ScoringEngine.Outcome outcome = engine.apply(fact).get(0);
        String stateJson = StateStore.JSON.writeValueAsString(outcome.state());
        String healthJson = StateStore.JSON.writeValueAsString(outcome.health());
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("""
                        INSERT INTO customer_health (customer_id, segment, score, band, confidence, policy_version,
                            assessed_at, state, assessment, kafka_partition)
                        VALUES ($1, $2, $3, $4, $5, $6, now(), $7::text::json, $8::text::json, $9)""")
                .execute(Tuple.tuple(List.of(customer, "business", outcome.health().score(),
                        outcome.health().band().name(), outcome.health().confidence(), "v",
                        stateJson, healthJson, partition))));

        List<StateStore.Loaded> loaded = new ArrayList<>();
        VertxContextSupport.subscribeAndAwait(() -> store.load(List.of(partition), loaded::addAll));

        assertThat(loaded).singleElement().satisfies(row -> {
            assertThat(row.snapshot()).isNull();
            assertThat(row.state()).isEqualTo(outcome.state());
            assertThat(row.health()).isEqualTo(outcome.health());
        });
        ScoringEngine reloaded = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        reloaded.load(loaded.get(0).state(), loaded.get(0).health());
        assertThat(reloaded.customer(customer)).isEqualTo(engine.customer(customer));
        assertThat(reloaded.nextTimer(customer)).isPresent().isEqualTo(engine.nextTimer(customer));
    }

    private static List<ScoringEngine.Outcome> score(ScoringEngine engine, String customer, String segment) {
        ContactFact fact = ContactFact.of("e-" + UUID.randomUUID(), customer, Instant.parse("2026-03-01T10:00:00Z"),
                        ContactFact.FactType.CONTACT)
                .withContact(ContactFact.Channel.PHONE, true, ContactFact.Sentiment.NEGATIVE,
                        ContactFact.Outcome.UNRESOLVED)
                .withSegment(segment, true);
        return engine.apply(fact);
    }

    @Test
    void aRowTheDatabaseRefusesIsLeftOutAloneAndTheRestCommitsWithTheOffsets() throws Throwable {
        // A segment over the column's 64 characters once made every store of every customer fail forever.
        int partition = 3000 + (int) (Math.random() * 1000);
        ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        String good = "G-" + UUID.randomUUID();
        String bad = "B-" + UUID.randomUUID();
        String nul = "N-" + UUID.randomUUID();
        List<CustomerHealth> rows = new ArrayList<>();
        List<HealthHistory> history = new ArrayList<>();
        for (var outcomes : List.of(score(engine, good, "retail"), score(engine, bad, "s".repeat(65)),
                score(engine, nul, "retail\u0000"))) {
            for (ScoringEngine.Outcome o : outcomes) {
                rows.add(CustomerHealth.of(partition, o.customerId(), o.state().segment(), o.health(), StateStore.json(o.health()), o.snapshot()));
                history.add(HealthHistory.of(o.customerId(), o.cause(), o.health(), StateStore.json(o.health()), o.event()));
            }
        }
        java.util.Map<String, String> handed = new java.util.HashMap<>();
        var refused = VertxContextSupport.subscribeAndAwait(() -> store.save(rows, history,
                List.of(ConsumedOffset.of("refusal-test", partition, 7)), reasons -> {
                    handed.putAll(reasons);
                    return io.smallrye.mutiny.Uni.createFrom().voidItem();
                }));

        assertThat(refused).containsExactlyInAnyOrder(bad, nul);
        assertThat(handed.get(bad)).contains("22001");
        assertThat(handed.get(nul)).contains("SQLSTATE");
        assertThat(VertxContextSupport.subscribeAndAwait(() -> store.loadOne(good))).isNotNull();
        assertThat(VertxContextSupport.subscribeAndAwait(() -> store.loadOne(bad))).isNull();
        assertThat(VertxContextSupport.subscribeAndAwait(() -> store.offsets("refusal-test", List.of(partition))))
                .containsEntry(partition, 7L);
    }

    @Test
    void anOutageIsNotMistakenForRefusedData() {
        assertThat(StoreFailures.classify(new io.vertx.pgclient.PgException("x", "FATAL", "57P01", "failover")))
                .isEqualTo(StoreFailures.Kind.OUTAGE);
        assertThat(StoreFailures.classify(new io.vertx.pgclient.PgException("x", "ERROR", "53300", "too many")))
                .isEqualTo(StoreFailures.Kind.OUTAGE);
        assertThat(StoreFailures.classify(new IllegalStateException(new java.net.ConnectException("refused"))))
                .isEqualTo(StoreFailures.Kind.OUTAGE);
        assertThat(StoreFailures.classify(new RuntimeException(
                new io.vertx.pgclient.PgException("x", "ERROR", "23505", "unique")))).isEqualTo(StoreFailures.Kind.DATA);
    }

    @Test
    void storedOffsetsOnlyMoveForwardAndHistoryIsNotDoubled() throws Throwable {
        // A revoked partition's late batch stored after its new owner's must not move offsets back
        // nor add a second history row for the same event.
        int partition = 4000 + (int) (Math.random() * 1000);
        ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        String customer = "F-" + UUID.randomUUID();
        ScoringEngine.Outcome o = score(engine, customer, "retail").get(0);
        List<CustomerHealth> rows = List.of(CustomerHealth.of(partition, o.customerId(), o.state().segment(), o.health(), StateStore.json(o.health()), o.snapshot()));
        List<HealthHistory> history = List.of(HealthHistory.of(o.customerId(), o.cause(), o.health(), StateStore.json(o.health()), o.event()));
        VertxContextSupport.subscribeAndAwait(() -> store.save(rows, history,
                List.of(ConsumedOffset.of("forward-test", partition, 100))));
        VertxContextSupport.subscribeAndAwait(() -> store.save(rows, history,
                List.of(ConsumedOffset.of("forward-test", partition, 60))));

        assertThat(VertxContextSupport.subscribeAndAwait(() -> store.offsets("forward-test", List.of(partition))))
                .containsEntry(partition, 100L);
        var count = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                "SELECT count(*) FROM health_history WHERE customer_id = $1").execute(Tuple.of(customer)));
        assertThat(count.iterator().next().getLong(0)).isEqualTo(1L);
    }
}
