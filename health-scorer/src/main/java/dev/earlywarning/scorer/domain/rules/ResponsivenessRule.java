package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/**
 * Waiting and response times against each channel's own norm (seed 002: phone 30 s, chat
 * immediately, email within a working day...), and abandoned contacts (seed 003).
 */
public final class ResponsivenessRule implements Rule {

    public static final String NAME = "responsiveness";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.Responsiveness p = policy.responsiveness();
        double points = 0;
        int breaches = 0;
        int abandoned = 0;
        List<String> ids = new ArrayList<>();
        for (RelationshipState.Wait wait : state.waits()) {
            double weight = ScoringPolicy.decay(Duration.between(wait.at(), now), p.halfLife());
            ContactFact.Channel channel = wait.channel() == null ? ContactFact.Channel.OTHER : wait.channel();
            if (wait.abandoned()) {
                points += p.perAbandoned() * weight;
                abandoned++;
                ids.add(wait.eventId());
            } else if (wait.waitSeconds() != null && wait.waitSeconds() > p.norm(channel).toSeconds()) {
                points += p.perBreach() * weight;
                breaches++;
                ids.add(wait.eventId());
            }
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        String reason = (breaches > 0 ? breaches + " response(s) slower than the channel's norm" : "")
                + (breaches > 0 && abandoned > 0 ? " and " : "")
                + (abandoned > 0 ? abandoned + " abandoned contact(s)" : "");
        return Optional.of(new Driver(NAME, ScoringPolicy.round(points), reason, Level.CONTACT, ids,
                "Call back the customer who waited or hung up; offer a callback when busy"));
    }
}
