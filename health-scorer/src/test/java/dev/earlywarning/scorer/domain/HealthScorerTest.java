package dev.earlywarning.scorer.domain;

import static dev.earlywarning.scorer.domain.Facts.contact;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class HealthScorerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private final HealthScorer scorer = HealthScorer.withDefaultRules();
    private final ScoringPolicy policy = ScoringPolicy.DEFAULT;

    @Test
    void negativeUnresolvedHighEffortContactIsCriticalAndExplained() {
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(contact("e1", T0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.UNRESOLVED, 6));

        HealthAssessment health = scorer.assess(state, T0, policy);

        // 100 - 40 (negative) - 15 (unresolved) - 18 (CES 6 is 3 steps above neutral 3, 6 points each) = 27
        assertThat(health.score()).isEqualTo(27);
        assertThat(health.band()).isEqualTo(Band.CRITICAL);
        assertThat(health.drivers()).extracting(Driver::rule)
                .containsExactly(LastContactExperienceRule.NAME, EffortRule.NAME);
        Driver top = health.drivers().get(0);
        assertThat(top.points()).isEqualTo(-55.0);
        assertThat(top.reason()).isEqualTo("Last contact (phone) left a negative experience and ended unresolved");
        assertThat(top.level()).isEqualTo(Level.CONTACT);
        assertThat(top.eventIds()).containsExactly("e1");
        assertThat(health.drivers().get(1).points()).isEqualTo(-18.0);
        assertThat(health.policyVersion()).isEqualTo(policy.version());
    }

    @Test
    void theMostRecentContactCountsNotTheAverage() {
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(contact("e1", T0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.UNRESOLVED, null))
                .apply(contact("e2", T0.plusSeconds(3600), ContactFact.Sentiment.POSITIVE, ContactFact.Outcome.RESOLVED,
                        null));

        HealthAssessment health = scorer.assess(state, T0.plusSeconds(3600), policy);

        assertThat(health.score()).isEqualTo(100);
        assertThat(health.band()).isEqualTo(Band.HEALTHY);
    }

    @Test
    void anOutOfOrderOlderContactDoesNotReplaceTheNewest() {
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(contact("e2", T0.plusSeconds(3600), ContactFact.Sentiment.POSITIVE, ContactFact.Outcome.RESOLVED,
                        null))
                .apply(contact("e1", T0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.UNRESOLVED, null));

        assertThat(state.lastContact().eventId()).isEqualTo("e2");
        assertThat(state.lastEventAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void aBadExperienceFadesWithItsHalfLife() {
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(contact("e1", T0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.RESOLVED, null));

        int fresh = scorer.assess(state, T0, policy).score();
        int oneHalfLifeLater = scorer.assess(state, T0.plus(policy.lastContactHalfLife()), policy).score();

        assertThat(fresh).isEqualTo(60);
        assertThat(oneHalfLifeLater).isEqualTo(80);
    }

    @Test
    void confidenceGrowsWithEvidence() {
        RelationshipState one = RelationshipState.empty("C-1")
                .apply(contact("e1", T0, ContactFact.Sentiment.POSITIVE, null, null));
        RelationshipState five = one;
        for (int i = 2; i <= 5; i++) {
            five = five.apply(contact("e" + i, T0.plus(Duration.ofDays(i)), ContactFact.Sentiment.POSITIVE, null, null));
        }
        assertThat(scorer.assess(one, T0, policy).confidence()).isEqualTo(0.2);
        assertThat(scorer.assess(five, T0.plus(Duration.ofDays(5)), policy).confidence()).isEqualTo(1.0);
    }

    @Test
    void aRedeliveredEventIsRecognised() {
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(contact("e1", T0, ContactFact.Sentiment.NEUTRAL, null, null));
        assertThat(state.hasSeen("e1")).isTrue();
        assertThat(state.hasSeen("e2")).isFalse();
    }
}
