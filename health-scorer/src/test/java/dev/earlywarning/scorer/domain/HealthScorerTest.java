package dev.earlywarning.scorer.domain;

import static dev.earlywarning.scorer.domain.Facts.call;
import static dev.earlywarning.scorer.domain.Facts.contact;
import static dev.earlywarning.scorer.domain.Facts.fact;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.domain.ContactFact.Channel;
import dev.earlywarning.scorer.domain.ContactFact.FactType;
import dev.earlywarning.scorer.domain.ContactFact.Journey;
import dev.earlywarning.scorer.domain.ContactFact.Outcome;
import dev.earlywarning.scorer.domain.ContactFact.Sentiment;
import dev.earlywarning.scorer.policy.PolicyLoader;

/** Each rule and their composition, on the scenarios of the domain page. */
class HealthScorerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private final HealthScorer scorer = HealthScorer.withAllRules();
    private final ScoringPolicy policy = PolicyLoader.builtIn().defaults();

    private HealthAssessment assess(RelationshipState state, Instant at) {
        return scorer.assess(state, at, policy, null);
    }

    private static RelationshipState state(ContactFact... facts) {
        RelationshipState state = RelationshipState.empty("C-1");
        for (ContactFact f : facts) {
            state = state.apply(f);
        }
        return state;
    }

    private static Driver driver(HealthAssessment health, String rule) {
        return health.drivers().stream().filter(d -> d.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no driver " + rule + " in " + health.drivers()));
    }

    @Test
    void negativeUnresolvedHighEffortContactIsCriticalAndExplained() {
        HealthAssessment health = assess(state(contact("e1", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, 6)), T0);

        // 100 - 40 (negative) - 15 (unresolved) - 18 (CES 6 is 3 steps above neutral 3, 6 points each) = 27
        assertThat(health.score()).isEqualTo(27);
        assertThat(health.band()).isEqualTo(Band.CRITICAL);
        Driver top = health.drivers().get(0);
        assertThat(top.rule()).isEqualTo("last-contact-experience");
        assertThat(top.points()).isEqualTo(-55.0);
        assertThat(top.reason()).isEqualTo("Last contact (phone) left a negative experience and ended unresolved");
        assertThat(top.level()).isEqualTo(Level.CONTACT);
        assertThat(top.eventIds()).containsExactly("e1");
        assertThat(driver(health, "effort").points()).isEqualTo(-18.0);
        assertThat(health.policyVersion()).isEqualTo(policy.version());
    }

    @Test
    void risingEffortCostsEvenBelowTheNeutralAverage() {
        HealthAssessment health = assess(state(contact("e1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, 1),
                contact("e2", T0.plusSeconds(60), Sentiment.POSITIVE, Outcome.RESOLVED, 4)), T0.plusSeconds(60));
        Driver effort = driver(health, "effort");
        // Average 2.5 is below the neutral 3, but 1 -> 4 rises by 3 steps: half a step's points, -3.
        assertThat(effort.points()).isEqualTo(-3.0);
        assertThat(effort.reason()).endsWith(", rising");
    }

    @Test
    void theDriversAddUpToTheScore() {
        RelationshipState s = state(contact("e1", T0, Sentiment.NEUTRAL, Outcome.RESOLVED, 5),
                call("e2", T0.plusSeconds(60), Channel.EMAIL, "T-1", Sentiment.NEUTRAL),
                fact("e3", T0.plusSeconds(120), FactType.SURVEY).withScores(null, 5, 2));
        HealthAssessment health = assess(s, T0.plusSeconds(120));
        double sum = HealthScorer.BASELINE + health.drivers().stream().mapToDouble(Driver::points).sum();
        assertThat(health.score()).isEqualTo((int) Math.round(sum));
        assertThat(health.drivers()).extracting(Driver::points).isSortedAccordingTo(Double::compare);
    }

    @Test
    void aNegativeLastContactAfterPositiveOnesCountsMoreThanTheHistory() {
        HealthAssessment health = assess(state(
                contact("e1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, null),
                contact("e2", T0.plusSeconds(3600), Sentiment.POSITIVE, Outcome.RESOLVED, null),
                contact("e3", T0.plusSeconds(7200), Sentiment.NEGATIVE, Outcome.RESOLVED, null)), T0.plusSeconds(7200));
        assertThat(health.score()).isEqualTo(60);
        assertThat(health.band()).isEqualTo(Band.WATCH);
    }

    @Test
    void aPositiveLastContactAfterNegativeOnesRecovers() {
        HealthAssessment health = assess(state(
                contact("e1", T0, Sentiment.NEGATIVE, Outcome.RESOLVED, null),
                contact("e2", T0.plusSeconds(3600), Sentiment.POSITIVE, Outcome.RESOLVED, null)), T0.plusSeconds(3600));
        assertThat(health.score()).isEqualTo(100);
    }

    @Test
    void anOutOfOrderOlderContactDoesNotReplaceTheNewest() {
        RelationshipState s = state(contact("e2", T0.plusSeconds(3600), Sentiment.POSITIVE, Outcome.RESOLVED, null),
                contact("e1", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, null));
        assertThat(s.lastContact().eventId()).isEqualTo("e2");
        assertThat(s.lastEventAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void aBadExperienceFadesWithItsHalfLife() {
        RelationshipState s = state(contact("e1", T0, Sentiment.NEGATIVE, Outcome.RESOLVED, null));
        assertThat(assess(s, T0).score()).isEqualTo(60);
        assertThat(assess(s, T0.plus(policy.lastContact().halfLife())).score()).isEqualTo(80);
    }

    @Test
    void theThirdCallOnOneIssueIsARedFlagAndChannelHopsCost() {
        HealthAssessment twice = assess(state(call("e1", T0, Channel.PHONE, "CASE-7", null),
                call("e2", T0.plus(Duration.ofDays(2)), Channel.PHONE, "CASE-7", null)), T0.plus(Duration.ofDays(2)));
        assertThat(driver(twice, "repeat-contact").critical()).isFalse();
        assertThat(driver(twice, "repeat-contact").points()).isEqualTo(-6.0);

        HealthAssessment thrice = assess(state(call("e1", T0, Channel.PHONE, "CASE-7", null),
                call("e2", T0.plus(Duration.ofDays(2)), Channel.EMAIL, "CASE-7", null),
                call("e3", T0.plus(Duration.ofDays(3)), Channel.CHAT, "CASE-7", null)), T0.plus(Duration.ofDays(3)));
        Driver repeat = driver(thrice, "repeat-contact");
        assertThat(repeat.critical()).isTrue();
        // 2 repeats x -6, 2 channel hops x -4, red flag -20
        assertThat(repeat.points()).isEqualTo(-40.0);
        assertThat(repeat.eventIds()).containsExactly("e1", "e2", "e3");
        assertThat(repeat.reason()).contains("3 contacts about case CASE-7").contains("over 3 channels");
    }

    @Test
    void responsivenessIsMeasuredAgainstTheChannelsOwnNorm() {
        HealthAssessment health = assess(state(
                call("e1", T0, Channel.PHONE, null, null).withWait(45),
                call("e2", T0, Channel.EMAIL, null, null).withWait(3 * 3600),
                call("e3", T0, Channel.PHONE, null, null).withContact(Channel.PHONE, true, null, Outcome.ABANDONED)), T0);
        Driver r = driver(health, "responsiveness");
        // Phone 45 s breaches its 30 s norm; email in 3 h is within its working day; one abandoned call.
        assertThat(r.points()).isEqualTo(-13.0);
        assertThat(r.eventIds()).containsExactlyInAnyOrder("e1", "e3");
    }

    @Test
    void aPromisePastItsDueTimeCostsEvenWithoutAnEvent() {
        Instant due = T0.plus(Duration.ofDays(2));
        RelationshipState s = state(fact("p1", T0, FactType.PROMISE_MADE).withPromise("CB-1", due));
        assertThat(assess(s, due.minusSeconds(1)).drivers()).extracting(Driver::rule).doesNotContain("promises");
        Driver overdue = driver(assess(s, due), "promises");
        assertThat(overdue.points()).isEqualTo(-15.0);
        assertThat(overdue.reason()).isEqualTo("1 promise(s) past their due time");
        assertThat(scorer.nextChangeAt(s, policy, T0)).isEqualTo(due);
    }

    @Test
    void aBrokenPromiseOnAnOpenComplaintIsARedFlag() {
        RelationshipState s = state(fact("c1", T0, FactType.COMPLAINT_OPENED).withCase("K-1", Journey.COMPLAINT),
                fact("p1", T0, FactType.PROMISE_MADE).withPromise("CB-1", T0.plus(Duration.ofDays(1))),
                fact("p2", T0.plusSeconds(600), FactType.PROMISE_BROKEN).withPromise("CB-1", null));
        Driver promises = driver(assess(s, T0.plusSeconds(600)), "promises");
        assertThat(promises.critical()).isTrue();
        assertThat(promises.reason()).isEqualTo("1 promise(s) broken while a complaint is open");
    }

    @Test
    void aComplaintResolvedFirstTimeRecoversWhileAReopenedOneCosts() {
        HealthAssessment firstTime = assess(state(
                fact("c1", T0, FactType.COMPLAINT_OPENED).withCase("K-1", Journey.COMPLAINT),
                fact("c2", T0.plus(Duration.ofDays(1)), FactType.COMPLAINT_RESOLVED).withCase("K-1", Journey.COMPLAINT)),
                T0.plus(Duration.ofDays(1)));
        assertThat(driver(firstTime, "complaints").points()).isPositive();

        HealthAssessment reopened = assess(state(
                fact("c1", T0, FactType.COMPLAINT_OPENED).withCase("K-1", Journey.COMPLAINT),
                fact("c2", T0.plus(Duration.ofDays(1)), FactType.COMPLAINT_RESOLVED).withCase("K-1", Journey.COMPLAINT),
                fact("c3", T0.plus(Duration.ofDays(2)), FactType.COMPLAINT_REOPENED).withCase("K-1", Journey.COMPLAINT)),
                T0.plus(Duration.ofDays(2)));
        Driver complaints = driver(reopened, "complaints");
        assertThat(complaints.points()).isLessThan(-20.0);
        assertThat(complaints.reason()).contains("1 open complaint(s)").contains("1 complaint(s) re-opened");
    }

    @Test
    void aForgottenCustomerGrowsSilentAndFunctionalContactsDoNotCount() {
        RelationshipState s = state(contact("e1", T0, Sentiment.POSITIVE, Outcome.RESOLVED, null),
                call("debit", T0.plus(Duration.ofDays(100)), Channel.LETTER, null, null).withSegment(null, false));
        assertThat(assess(s, T0.plus(Duration.ofDays(179))).drivers()).extracting(Driver::rule).doesNotContain("silence");
        assertThat(driver(assess(s, T0.plus(Duration.ofDays(180))), "silence").points()).isEqualTo(-15.0);
        assertThat(driver(assess(s, T0.plus(Duration.ofDays(400))), "silence").points()).isEqualTo(-30.0);
        assertThat(scorer.nextChangeAt(s, policy, T0.plus(Duration.ofDays(100)))).isEqualTo(T0.plus(Duration.ofDays(180)));
    }

    @Test
    void anUnsolicitedOutboundStormCosts() {
        RelationshipState s = RelationshipState.empty("C-1");
        for (int i = 0; i < 7; i++) {
            s = s.apply(ContactFact.of("o" + i, "C-1", T0.plus(Duration.ofDays(i)), FactType.CONTACT)
                    .withContact(Channel.EMAIL, false, null, null));
        }
        Driver over = driver(assess(s, T0.plus(Duration.ofDays(6))), "over-contact");
        assertThat(over.points()).isEqualTo(-12.0);
        assertThat(over.recommendedAction()).isEqualTo("Stop marketing to this customer for now");
    }

    @Test
    void npsBandsAndAFallingTrend() {
        HealthAssessment health = assess(state(fact("s1", T0, FactType.SURVEY).withScores(null, 9, null),
                fact("s2", T0.plusSeconds(60), FactType.SURVEY).withScores(null, 4, 2)), T0.plusSeconds(60));
        Driver voice = driver(health, "voice-of-customer");
        assertThat(voice.points()).isEqualTo(-34.0);
        assertThat(voice.reason()).isEqualTo("NPS 4 (detractor), down from 9, CSAT 2 of 5");
    }

    @Test
    void exitIntentIsARedFlagAndARenewalWithTroubleCosts() {
        Driver cancel = driver(assess(state(call("x1", T0, Channel.PHONE, null, null)
                .withCase(null, Journey.CANCELLATION)), T0), "exit-intent");
        assertThat(cancel.critical()).isTrue();

        HealthAssessment calmRenewal = assess(state(call("r1", T0, Channel.PHONE, null, Sentiment.POSITIVE)
                .withCase(null, Journey.RENEWAL)), T0);
        assertThat(calmRenewal.drivers()).extracting(Driver::rule).doesNotContain("exit-intent");
        HealthAssessment troubledRenewal = assess(state(call("r1", T0, Channel.PHONE, null, Sentiment.NEGATIVE)
                .withCase(null, Journey.RENEWAL)), T0);
        assertThat(driver(troubledRenewal, "exit-intent").points()).isEqualTo(-10.0);
    }

    @Test
    void confidenceGrowsWithEvidence() {
        RelationshipState one = state(contact("e1", T0, Sentiment.POSITIVE, null, null));
        RelationshipState five = one;
        for (int i = 2; i <= 5; i++) {
            five = five.apply(contact("e" + i, T0.plus(Duration.ofDays(i)), Sentiment.POSITIVE, null, null));
        }
        assertThat(assess(one, T0).confidence()).isEqualTo(0.2);
        assertThat(assess(five, T0.plus(Duration.ofDays(5))).confidence()).isEqualTo(1.0);
    }

    @Test
    void hysteresisKeepsAHoveringCustomerInItsBand() {
        // at risk below 55, hysteresis 5: from AT_RISK a 57 stays AT_RISK, a 60 is WATCH again.
        assertThat(policy.band(57, Band.AT_RISK)).isEqualTo(Band.AT_RISK);
        assertThat(policy.band(60, Band.AT_RISK)).isEqualTo(Band.WATCH);
        assertThat(policy.band(54, Band.WATCH)).isEqualTo(Band.AT_RISK);
        assertThat(policy.band(57, null)).isEqualTo(Band.WATCH);

        // A customer whose score moves 53 -> 57 -> 53 -> 57 enters AT_RISK once and stays there.
        ChurnRiskDetector detector = new ChurnRiskDetector();
        RelationshipState s = RelationshipState.empty("C-1");
        HealthAssessment before = new HealthAssessment(60, Band.WATCH, java.util.List.of(), 1, "p", T0);
        int signals = 0;
        for (int i = 0; i < 6; i++) {
            int score = i % 2 == 0 ? 53 : 57;
            HealthAssessment after = new HealthAssessment(score, policy.band(score, before.band()), java.util.List.of(),
                    1, "p", T0.plusSeconds(i));
            signals += detector.detect(s, before, after, ChurnRiskDetectorTest.bands(policy), "e" + i).isPresent() ? 1 : 0;
            before = after;
        }
        assertThat(signals).isEqualTo(1);
    }
}
