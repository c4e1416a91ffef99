package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/**
 * Repeat contacts about one case within the window, and channel hops within it: a customer should
 * not have to call three times (seed 000). The third contact is a red flag.
 */
public final class RepeatContactRule implements Rule {

    public static final String NAME = "repeat-contact";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.RepeatContact p = policy.repeatContact();
        Instant since = now.minus(p.window());
        RelationshipState.CaseTrack worst = null;
        long worstCount = 0;
        for (RelationshipState.CaseTrack track : state.cases().values()) {
            long count = track.contactTimes().stream().filter(t -> !t.isBefore(since) && !t.isAfter(now)).count();
            // Ties go to the most recent case, then the first by reference: the same on every run.
            if (count > worstCount || (count == worstCount && worst != null && track.lastAt().isAfter(worst.lastAt()))) {
                worst = track;
                worstCount = count;
            }
        }
        if (worst == null || worstCount < 2) {
            return Optional.empty();
        }
        int hops = new HashSet<>(worst.channels()).size() - 1;
        boolean redFlag = worstCount >= p.redFlagAt();
        double points = (worstCount - 1) * p.perRepeat() + hops * p.perChannelHop() + (redFlag ? p.redFlag() : 0);
        double decayed = ScoringPolicy.round(points
                * ScoringPolicy.decay(Duration.between(worst.lastAt(), now), p.halfLife()));
        String reason = worstCount + " contacts about case " + worst.caseRef() + " within " + p.window().toDays()
                + " days" + (hops > 0 ? ", over " + (hops + 1) + " channels" : "")
                + (redFlag ? ": the customer had to come back " + (worstCount - 1) + " times" : "");
        List<String> ids = worst.eventIds();
        return Optional.of(new Driver(NAME, decayed, reason, Level.JOURNEY, ids,
                "Assign a fixed contact person and solve the case in one go", redFlag));
    }
}
