package dev.earlywarning.scorer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outcome and emotion of the most recent perceived contact weigh more than any average (seed 002). */
public final class LastContactExperienceRule implements Rule {

    public static final String NAME = "last-contact-experience";

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        RelationshipState.LastContact last = state.lastContact();
        if (last == null) {
            return Optional.empty();
        }
        double points = 0;
        StringBuilder reason = new StringBuilder("Last contact");
        if (last.channel() != null) {
            reason.append(" (").append(last.channel()).append(')');
        }
        if (last.sentiment() == ContactFact.Sentiment.NEGATIVE) {
            points += policy.negativeLastContact();
            reason.append(" left a negative experience");
        } else if (last.sentiment() == ContactFact.Sentiment.NEUTRAL) {
            points += policy.neutralLastContact();
            reason.append(" was neutral");
        } else if (last.sentiment() == ContactFact.Sentiment.POSITIVE) {
            reason.append(" was positive");
        } else {
            reason.append(" had no recorded sentiment");
        }
        if (last.outcome() == ContactFact.Outcome.UNRESOLVED || last.outcome() == ContactFact.Outcome.ABANDONED) {
            points += policy.unresolvedLastContact();
            reason.append(" and ended ").append(last.outcome().name().toLowerCase());
        }
        double weight = ScoringPolicy.decay(Duration.between(last.at(), now), policy.lastContactHalfLife());
        double decayed = round(points * weight);
        if (decayed == 0 && points == 0 && last.sentiment() != ContactFact.Sentiment.POSITIVE) {
            return Optional.empty();
        }
        return Optional.of(new Driver(NAME, decayed, reason.toString(), Level.CONTACT, List.of(last.eventId()),
                decayed < 0 ? "Call the customer back, fix the issue and explain what was done" : "No action needed"));
    }

    static double round(double points) {
        return Math.round(points * 10) / 10.0;
    }
}
