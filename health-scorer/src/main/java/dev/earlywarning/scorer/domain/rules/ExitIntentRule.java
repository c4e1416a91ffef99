package dev.earlywarning.scorer.domain.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/**
 * Exit intent: a cancellation or switching enquiry within the window (a red flag), or a renewal
 * coming up while other rules see trouble.
 */
public final class ExitIntentRule implements Rule {

    public static final String NAME = "exit-intent";

    private final List<Rule> others;

    /** @param others the rules whose negative contributions make a renewal a risk */
    public ExitIntentRule(List<Rule> others) {
        this.others = List.copyOf(others);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.ExitIntent p = policy.exitIntent();
        Instant since = now.minus(p.window());
        List<RelationshipState.JourneyMark> recent = state.exitMarks().stream()
                .filter(m -> !m.at().isBefore(since) && !m.at().isAfter(now)).toList();
        List<String> cancellations = recent.stream().filter(m -> m.journey() == ContactFact.Journey.CANCELLATION)
                .map(RelationshipState.JourneyMark::eventId).toList();
        if (!cancellations.isEmpty()) {
            return Optional.of(new Driver(NAME, p.cancellation(), "The customer asked about cancelling or switching",
                    Level.RELATIONSHIP, cancellations, "Retention desk: call the customer today", true));
        }
        List<String> renewals = recent.stream().filter(m -> m.journey() == ContactFact.Journey.RENEWAL)
                .map(RelationshipState.JourneyMark::eventId).toList();
        if (!renewals.isEmpty() && others.stream().anyMatch(rule -> rule.evaluate(state, now, policy)
                .filter(driver -> driver.points() < 0).isPresent())) {
            return Optional.of(new Driver(NAME, p.renewalWithNegatives(),
                    "A renewal is coming up while the relationship shows negative signals", Level.RELATIONSHIP,
                    renewals, "Call before the renewal: resolve what is open and make a personal offer"));
        }
        return Optional.empty();
    }
}
