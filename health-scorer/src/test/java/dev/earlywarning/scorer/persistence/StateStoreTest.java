package dev.earlywarning.scorer.persistence;

import static io.restassured.RestAssured.given;
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

/** The array upserts and the paged reload on the real database: what is stored comes back exactly. */
@QuarkusTest
class StateStoreTest {

    private final StateStore store;

    StateStoreTest(StateStore store) {
        this.store = store;
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
                rows.add(CustomerHealth.of(partition, o.state(), o.health()));
                history.add(HealthHistory.of(o.customerId(), o.cause(), o.health()));
            }
        }
        VertxContextSupport.subscribeAndAwait(() -> store.save(rows, history,
                List.of(ConsumedOffset.of("state-store-test", partition, 42))));

        List<StateStore.Loaded> loaded = new ArrayList<>();
        long count = VertxContextSupport.subscribeAndAwait(() -> store.load(List.of(partition), loaded::addAll));

        assertThat(count).isEqualTo(rows.size());
        assertThat(loaded).hasSize(rows.size());
        for (StateStore.Loaded customer : loaded) {
            ScoringEngine.Customer original = engine.customer(customer.state().customerId()).orElseThrow();
            assertThat(customer.partition()).isEqualTo(partition);
            assertThat(customer.state()).isEqualTo(original.state());
            assertThat(customer.health()).isEqualTo(original.health());
        }
        assertThat(VertxContextSupport.subscribeAndAwait(() -> store.offsets("state-store-test", List.of(partition))))
                .containsEntry(partition, 42L);

        CustomerHealth sample = rows.get(3);
        given().when().get("/customers/{id}/health", sample.customerId)
                .then().statusCode(200).body("score", equalTo(sample.score)).body("band", equalTo(sample.band.name()));
        given().when().get("/customers/{id}/history", sample.customerId)
                .then().statusCode(200).body("items.size()", equalTo(1));
    }
}
