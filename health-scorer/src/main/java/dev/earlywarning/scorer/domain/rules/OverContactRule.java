package dev.earlywarning.scorer.domain.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/** Unsolicited outbound contacts above a limit in a window: do not bother the customer (seed 002, rule 3). */
public final class OverContactRule implements Rule {

    public static final String NAME = "over-contact";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.OverContact p = policy.overContact();
        Instant since = now.minus(p.window());
        List<String> ids = state.outbound().stream().filter(o -> !o.at().isBefore(since) && !o.at().isAfter(now))
                .map(RelationshipState.Outbound::eventId).toList();
        int extra = ids.size() - p.limit();
        if (extra <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Driver(NAME, ScoringPolicy.round(extra * p.perExtra()),
                ids.size() + " unsolicited outbound contacts within " + p.window().toDays() + " days (limit "
                        + p.limit() + ")", Level.RELATIONSHIP, ids, "Stop marketing to this customer for now"));
    }
}
