package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.domain.ContactFact.FactType;
import dev.earlywarning.scorer.domain.ContactFact.Outcome;
import dev.earlywarning.scorer.domain.ContactFact.Sentiment;
import dev.earlywarning.scorer.policy.PolicyLoader;

/** Outcomes as events: a customer who left is closed (no more signals, no timers); a renewal re-opens it. */
class RelationshipOutcomeTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private final ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
            new ChurnRiskDetector());

    private static List<ChurnRiskSignal> signals(List<ScoringEngine.Outcome> outcomes) {
        return outcomes.stream().flatMap(o -> o.signal().stream()).toList();
    }

    @Test
    void aCustomerWhoLeftIsClosedWithOneEndedSignalAndRaisesNothingAfter() {
        engine.apply(Facts.contact("e1", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, 6));
        engine.apply(Facts.fact("p1", T0.plusSeconds(60), FactType.PROMISE_MADE)
                .withPromise("P-1", T0.plus(Duration.ofDays(2))));
        assertThat(engine.nextTimer("C-1")).isPresent();

        Instant effective = T0.plus(Duration.ofDays(1));
        List<ChurnRiskSignal> ended = signals(engine.apply(Facts.fact("end", T0.plus(Duration.ofHours(2)),
                FactType.RELATIONSHIP_ENDED).withEffectiveAt(effective)));

        assertThat(ended).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(ChurnRiskSignal.Kind.ENDED);
            assertThat(s.trigger()).isEqualTo(ChurnRiskSignal.Trigger.RELATIONSHIP_ENDED);
            assertThat(s.triggeringEventId()).isEqualTo("end");
        });
        assertThat(engine.customer("C-1").orElseThrow().state().endedAt()).isEqualTo(effective);
        // The promise falling due, a third negative call, a second end: nothing more.
        assertThat(engine.nextTimer("C-1")).isEmpty();
        assertThat(signals(engine.advanceTo(T0.plus(Duration.ofDays(30))))).isEmpty();
        assertThat(signals(engine.apply(Facts.contact("e2", T0.plus(Duration.ofDays(3)), Sentiment.NEGATIVE,
                Outcome.ABANDONED, 7)))).isEmpty();
        assertThat(signals(engine.apply(Facts.fact("end2", T0.plus(Duration.ofDays(4)),
                FactType.RELATIONSHIP_ENDED)))).isEmpty();
    }

    @Test
    void aRenewalIsASignalAndReopensACustomerWhoHadLeft() {
        engine.apply(Facts.contact("e1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, 2));
        engine.apply(Facts.fact("end", T0.plus(Duration.ofDays(1)), FactType.RELATIONSHIP_ENDED));
        List<ChurnRiskSignal> renewed = signals(engine.apply(Facts.fact("back", T0.plus(Duration.ofDays(20)),
                FactType.RELATIONSHIP_RENEWED)));
        assertThat(renewed).singleElement().extracting(ChurnRiskSignal::kind).isEqualTo(ChurnRiskSignal.Kind.RENEWED);
        assertThat(engine.customer("C-1").orElseThrow().state().ended()).isFalse();
        // Open again: a third failed call on one case raises its red flag.
        List<ChurnRiskSignal> later = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.addAll(signals(engine.apply(Facts.call("c" + i, T0.plus(Duration.ofDays(21 + i)),
                    ContactFact.Channel.PHONE, "CASE-7", Sentiment.NEGATIVE))));
        }
        assertThat(later).extracting(ChurnRiskSignal::kind).contains(ChurnRiskSignal.Kind.RISK_RAISED);
    }
}
