package dev.earlywarning.scorer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.earlywarning.scorer.domain.rules.ComplaintRule;
import dev.earlywarning.scorer.domain.rules.EffortRule;
import dev.earlywarning.scorer.domain.rules.ExitIntentRule;
import dev.earlywarning.scorer.domain.rules.LastContactExperienceRule;
import dev.earlywarning.scorer.domain.rules.OverContactRule;
import dev.earlywarning.scorer.domain.rules.PromiseRule;
import dev.earlywarning.scorer.domain.rules.RepeatContactRule;
import dev.earlywarning.scorer.domain.rules.ResponsivenessRule;
import dev.earlywarning.scorer.domain.rules.SilenceRule;
import dev.earlywarning.scorer.domain.rules.VoiceOfCustomerRule;

/**
 * What the churn-risk model reads: each rule's contribution (minus its points, in tens, so a −40
 * driver is 4.0 and a kept promise's +3 is −0.3) and four features of the state. The same vector
 * feeds the scorer's model and the calibration that fits it, so they cannot drift apart.
 */
public final class RiskFeatures {

    /** Days since the last perceived contact (or the first event when there was none), as ln(1 + days). */
    public static final String DAYS_SINCE_CONTACT = "days-since-contact";
    /** How much is known of the customer: ln(1 + events). */
    public static final String EVENTS = "events";
    /** Negative perceived contacts lately, each weighing half as much every 90 days ({@link RelationshipState.Tone}). */
    public static final String NEGATIVE_CONTACTS = "negative-contacts";
    /** Positive perceived contacts lately, likewise. */
    public static final String POSITIVE_CONTACTS = "positive-contacts";

    public static final List<String> RULES = List.of(LastContactExperienceRule.NAME, EffortRule.NAME,
            RepeatContactRule.NAME, ResponsivenessRule.NAME, PromiseRule.NAME, ComplaintRule.NAME, SilenceRule.NAME,
            OverContactRule.NAME, VoiceOfCustomerRule.NAME, ExitIntentRule.NAME);
    // No "recent fall" of the score: it is the rules' contributions again, and collinear features
    // split their weight unpredictably (a rule could end up lowering the risk).
    public static final List<String> STATE_FEATURES = List.of(DAYS_SINCE_CONTACT, EVENTS, NEGATIVE_CONTACTS,
            POSITIVE_CONTACTS);
    /** Every feature, in the order of {@link #vector}. */
    public static final List<String> NAMES;

    private static final java.util.Map<String, Integer> RULE_INDEX;

    static {
        List<String> names = new ArrayList<>(RULES);
        names.addAll(STATE_FEATURES);
        NAMES = List.copyOf(names);
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < RULES.size(); i++) {
            index.put(RULES.get(i), i);
        }
        RULE_INDEX = java.util.Map.copyOf(index);
    }

    private RiskFeatures() {
    }

    /** The features of a customer assessed at {@code health.assessedAt()}, in the order of {@link #NAMES}. */
    public static double[] vector(RelationshipState state, HealthAssessment health) {
        double[] x = new double[NAMES.size()];
        for (Driver driver : health.drivers()) {
            Integer index = RULE_INDEX.get(driver.rule());
            if (index != null) {
                x[index] = -driver.points() / 10;
            }
        }
        Instant now = health.assessedAt();
        Instant lastContact = state.lastPerceivedAt() != null ? state.lastPerceivedAt() : state.firstEventAt();
        double days = lastContact == null || lastContact.isAfter(now) ? 0
                : Duration.between(lastContact, now).toSeconds() / 86_400.0;
        int base = RULES.size();
        x[base] = Math.log1p(days);
        x[base + 1] = Math.log1p(state.eventCount());
        if (state.tone() != null) {
            double[] tone = state.tone().asOf(now);
            x[base + 2] = tone[0];
            x[base + 3] = tone[1];
        }
        return x;
    }
}
