package dev.earlywarning.scorer.domain;

import static dev.earlywarning.scorer.domain.Facts.call;
import static dev.earlywarning.scorer.domain.Facts.contact;
import static dev.earlywarning.scorer.domain.Facts.fact;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.domain.ContactFact.Channel;
import dev.earlywarning.scorer.domain.ContactFact.FactType;
import dev.earlywarning.scorer.domain.ContactFact.Journey;
import dev.earlywarning.scorer.domain.ContactFact.Outcome;
import dev.earlywarning.scorer.domain.ContactFact.Sentiment;
import dev.earlywarning.scorer.policy.PolicyLoader;

class ScoringEngineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private static ScoringEngine engine() {
        return new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(), new ChurnRiskDetector());
    }

    private static ContactFact forCustomer(String customer, ContactFact f) {
        return new ContactFact(f.eventId() + "-" + customer, customer, f.occurredAt(), f.segment(), f.type(),
                f.channel(), f.inbound(), f.perceived(), f.journey(), f.caseRef(), f.outcome(), f.waitSeconds(),
                f.sentiment(), f.effortScore(), f.nps(), f.csat(), f.promiseId(), f.promiseDueAt(), f.effectiveAt(),
                f.sourceSystem());
    }

    /** A year in the life of three customers, with promises and silences that only timers see. */
    private static List<ContactFact> history() {
        List<ContactFact> facts = new ArrayList<>();
        facts.add(forCustomer("A", contact("a1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, 2)));
        facts.add(forCustomer("B", contact("b1", T0.plus(Duration.ofHours(1)), Sentiment.NEUTRAL, Outcome.RESOLVED, 4)));
        facts.add(forCustomer("B", fact("b2", T0.plus(Duration.ofHours(2)), FactType.COMPLAINT_OPENED)
                .withCase("K-1", Journey.COMPLAINT)));
        facts.add(forCustomer("B", fact("b3", T0.plus(Duration.ofHours(2)), FactType.PROMISE_MADE)
                .withPromise("CB-1", T0.plus(Duration.ofDays(1)))));
        facts.add(forCustomer("C", call("c1", T0.plus(Duration.ofDays(3)), Channel.PHONE, "X", Sentiment.NEGATIVE)));
        facts.add(forCustomer("C", call("c2", T0.plus(Duration.ofDays(4)), Channel.EMAIL, "X", Sentiment.NEGATIVE)));
        facts.add(forCustomer("C", call("c3", T0.plus(Duration.ofDays(5)), Channel.CHAT, "X", Sentiment.NEGATIVE)));
        facts.add(forCustomer("A", contact("a2", T0.plus(Duration.ofDays(200)), Sentiment.POSITIVE, Outcome.RESOLVED, 1)));
        facts.add(forCustomer("C", contact("c4", T0.plus(Duration.ofDays(300)), Sentiment.POSITIVE, Outcome.RESOLVED, 1)));
        return facts;
    }

    private record Seen(String customer, int score, Band band, String cause, String signalId) {
    }

    private static Seen seen(ScoringEngine.Outcome o) {
        return new Seen(o.customerId(), o.health().score(), o.health().band(), o.cause(),
                o.signal().map(ChurnRiskSignal::signalId).orElse(null));
    }

    @Test
    void replayingInEventTimeGivesTheSameScoresAndSignalsAsLive() {
        // Replay: the stream's own event time drives the timers.
        ScoringEngine replay = engine();
        List<Seen> replayed = new ArrayList<>();
        for (ContactFact f : history()) {
            replay.apply(f).forEach(o -> replayed.add(seen(o)));
            replay.advanceTo(f.occurredAt()).forEach(o -> replayed.add(seen(o)));
        }
        replay.advanceTo(T0.plus(Duration.ofDays(365))).forEach(o -> replayed.add(seen(o)));

        // Live: events arrive as time passes and a wall-clock sweep runs every 6 hours.
        ScoringEngine live = engine();
        List<Seen> lived = new ArrayList<>();
        List<ContactFact> pending = new ArrayList<>(history());
        for (Instant clock = T0; !clock.isAfter(T0.plus(Duration.ofDays(365))); clock = clock.plus(Duration.ofHours(6))) {
            while (!pending.isEmpty() && !pending.get(0).occurredAt().isAfter(clock)) {
                live.apply(pending.remove(0)).forEach(o -> lived.add(seen(o)));
            }
            live.advanceTo(clock).forEach(o -> lived.add(seen(o)));
        }

        assertThat(lived).containsExactlyInAnyOrderElementsOf(replayed);
        assertThat(replayed).filteredOn(s -> s.cause().startsWith("timer@")).isNotEmpty();
        assertThat(replayed).filteredOn(s -> s.signalId() != null).extracting(Seen::customer).contains("B", "C");
    }

    @Test
    void aPromiseThatPassesItsDueTimeWithNoEventIsSignalledByTheTimer() {
        ScoringEngine engine = engine();
        engine.apply(forCustomer("B", fact("b2", T0, FactType.COMPLAINT_OPENED).withCase("K-1", Journey.COMPLAINT)));
        engine.apply(forCustomer("B", fact("b3", T0, FactType.PROMISE_MADE).withPromise("CB-1", T0.plus(Duration.ofDays(1)))));
        assertThat(engine.nextTimer("B")).contains(T0.plus(Duration.ofDays(1)));

        List<ScoringEngine.Outcome> fired = engine.advanceTo(T0.plus(Duration.ofDays(2)));

        ScoringEngine.Outcome overdue = fired.get(0);
        assertThat(overdue.cause()).isEqualTo("timer@" + T0.plus(Duration.ofDays(1)));
        assertThat(overdue.health().assessedAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        ChurnRiskSignal signal = overdue.signal().orElseThrow();
        assertThat(signal.trigger()).isEqualTo(ChurnRiskSignal.Trigger.CRITICAL_SIGNAL);
        assertThat(signal.cause()).isEqualTo("promises");
        assertThat(signal.recommendedAction()).isEqualTo("Keep the promise now, or call to say when it will be kept");
    }

    @Test
    void aForgottenCustomerIsSignalledOnceBySilenceUnderTheBandRules() {
        ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn().map(ChurnRiskDetectorTest::bands),
                HealthScorer.withAllRules(), new ChurnRiskDetector());
        engine.apply(forCustomer("A", contact("a1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, null)));
        List<ScoringEngine.Outcome> fired = engine.advanceTo(T0.plus(Duration.ofDays(500)));
        assertThat(fired).extracting(o -> o.signal().map(ChurnRiskSignal::trigger))
                .containsOnlyOnce(Optional.of(ChurnRiskSignal.Trigger.SILENCE));
        assertThat(fired.get(fired.size() - 1).health().drivers()).extracting(Driver::rule).contains("silence");
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        ScoringEngine engine = engine();
        ContactFact f = forCustomer("A", contact("a1", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, 6));
        assertThat(engine.apply(f)).hasSize(1);
        assertThat(engine.apply(f)).isEmpty();
        assertThat(engine.customer("A").orElseThrow().state().eventCount()).isEqualTo(1);
    }

    @Test
    void aRollbackReturnsCustomersTimersAndBandsToTheMark() {
        ScoringEngine engine = engine();
        engine.apply(forCustomer("A", contact("a1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, 2)));
        var before = engine.customer("A");
        var timerBefore = engine.nextTimer("A");
        long healthyBefore = engine.countInBand(Band.HEALTHY);

        engine.mark();
        engine.apply(forCustomer("A", call("a2", T0.plus(Duration.ofDays(1)), Channel.PHONE, "X", Sentiment.NEGATIVE)));
        engine.apply(forCustomer("N", contact("n1", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, 6)));
        assertThat(engine.customer("A")).isNotEqualTo(before);
        engine.rollback();
        engine.release();

        assertThat(engine.customer("A")).isEqualTo(before);
        assertThat(engine.nextTimer("A")).isEqualTo(timerBefore);
        assertThat(engine.customer("N")).isEmpty();
        assertThat(engine.size()).isEqualTo(1);
        assertThat(engine.countInBand(Band.HEALTHY)).isEqualTo(healthyBefore);
        assertThat(engine.countInBand(Band.CRITICAL)).isZero();
        // The same event applies again after the rollback: it was not remembered as seen.
        assertThat(engine.apply(forCustomer("A", call("a2", T0.plus(Duration.ofDays(1)), Channel.PHONE, "X",
                Sentiment.NEGATIVE)))).isNotEmpty();
    }

    @Test
    void anErasedCustomerIsForgottenWithItsTimersAndAnErasureCanBeRolledBack() {
        ScoringEngine engine = engine();
        engine.apply(contact("e1", T0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.UNRESOLVED, 6));
        engine.apply(forCustomer("C-2", contact("e1", T0, ContactFact.Sentiment.POSITIVE, ContactFact.Outcome.RESOLVED, 1)));
        assertThat(engine.size()).isEqualTo(2);

        engine.mark();
        assertThat(engine.erase("C-1")).isTrue();
        assertThat(engine.customer("C-1")).isEmpty();
        engine.rollback();
        assertThat(engine.customer("C-1")).as("a batch that fails keeps the customer").isPresent();
        engine.release();

        assertThat(engine.erase("C-1")).isTrue();
        assertThat(engine.erase("C-1")).as("erasing again changes nothing").isFalse();
        assertThat(engine.customer("C-1")).isEmpty();
        assertThat(engine.size()).isEqualTo(1);
        assertThat(engine.advanceTo(T0.plus(java.time.Duration.ofDays(3650))))
                .as("no timer of the erased customer fires").noneMatch(o -> o.customerId().equals("C-1"));
        long held = java.util.Arrays.stream(Band.values()).mapToLong(engine::countInBand).sum();
        assertThat(held).as("band counts without the erased customer").isEqualTo(1);
    }

    @Test
    void anEventIdIsSeenPerSourceSoOneProducerCannotShadowAnothersEvent() {
        // Before: the recent-event list held bare ids, so "billing"'s e7 was dropped as a redelivery of "crm"'s.
        ScoringEngine engine = engine();
        ContactFact crm = contact("e7", T0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.UNRESOLVED, 6)
                .fromSource("crm");
        ContactFact billing = contact("e7", T0.plusSeconds(60), ContactFact.Sentiment.NEGATIVE,
                ContactFact.Outcome.UNRESOLVED, 7).fromSource("billing");
        assertThat(engine.apply(crm)).isNotEmpty();
        assertThat(engine.apply(billing)).as("another source's event with the same id is applied").isNotEmpty();
        assertThat(engine.apply(crm)).as("a redelivery of crm's e7 is not").isEmpty();
    }
}
