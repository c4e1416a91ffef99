package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/** The outcome and emotion of the most recent perceived contact weigh more than any average (seed 002). */
public final class LastContactExperienceRule implements Rule {

    public static final String NAME = "last-contact-experience";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        RelationshipState.LastContact last = state.lastContact();
        if (last == null) {
            return Optional.empty();
        }
        ScoringPolicy.LastContact p = policy.lastContact();
        double points = 0;
        StringBuilder reason = new StringBuilder("Last contact");
        if (last.channel() != null) {
            reason.append(" (").append(last.channel().name().toLowerCase(Locale.ROOT)).append(')');
        }
        if (last.sentiment() == ContactFact.Sentiment.NEGATIVE) {
            points += p.negative();
            reason.append(" left a negative experience");
        } else if (last.sentiment() == ContactFact.Sentiment.NEUTRAL) {
            points += p.neutral();
            reason.append(" was neutral");
        } else if (last.sentiment() == ContactFact.Sentiment.POSITIVE) {
            reason.append(" was positive");
        } else {
            reason.append(" had no recorded sentiment");
        }
        if (last.outcome() == ContactFact.Outcome.UNRESOLVED || last.outcome() == ContactFact.Outcome.ABANDONED) {
            points += p.unresolved();
            reason.append(" and ended ").append(last.outcome().name().toLowerCase(Locale.ROOT));
        }
        if (points == 0) {
            return Optional.empty();
        }
        double decayed = ScoringPolicy.round(points * ScoringPolicy.decay(Duration.between(last.at(), now), p.halfLife()));
        return Optional.of(new Driver(NAME, decayed, reason.toString(), Level.CONTACT, List.of(last.eventId()),
                "Call the customer back, fix the issue and explain what was done"));
    }
}
