package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/** NPS band of the latest answer, a low CSAT, and a falling NPS trend. */
public final class VoiceOfCustomerRule implements Rule {

    public static final String NAME = "voice-of-customer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.Voice p = policy.voice();
        List<RelationshipState.Survey> nps = state.surveys().stream().filter(s -> s.nps() != null).toList();
        List<RelationshipState.Survey> csat = state.surveys().stream().filter(s -> s.csat() != null).toList();
        if (nps.isEmpty() && csat.isEmpty()) {
            return Optional.empty();
        }
        double points = 0;
        List<String> parts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        if (!nps.isEmpty()) {
            RelationshipState.Survey latest = nps.get(nps.size() - 1);
            double weight = ScoringPolicy.decay(Duration.between(latest.at(), now), p.halfLife());
            int score = latest.nps();
            String band = score <= 6 ? "detractor" : score <= 8 ? "passive" : "promoter";
            points += (score <= 6 ? p.detractor() : score <= 8 ? p.passive() : p.promoter()) * weight;
            parts.add("NPS " + score + " (" + band + ")");
            ids.add(latest.eventId());
            if (nps.size() > 1 && nps.get(nps.size() - 2).nps() - score >= 3) {
                points += p.npsDrop() * weight;
                parts.add("down from " + nps.get(nps.size() - 2).nps());
                ids.add(nps.get(nps.size() - 2).eventId());
            }
        }
        if (!csat.isEmpty() && csat.get(csat.size() - 1).csat() <= 2) {
            RelationshipState.Survey latest = csat.get(csat.size() - 1);
            points += p.lowCsat() * ScoringPolicy.decay(Duration.between(latest.at(), now), p.halfLife());
            parts.add("CSAT " + latest.csat() + " of 5");
            ids.add(latest.eventId());
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Driver(NAME, ScoringPolicy.round(points), String.join(", ", parts), Level.RELATIONSHIP,
                ids, points < 0 ? "Call the customer back and ask what went wrong" : "No action needed"));
    }
}
