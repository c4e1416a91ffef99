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
 * driver is 4.0 and a kept promise's +3 is −0.3), four features of the state, and where the
 * contract stands against its renewal date, alone and with the rest. The same vector
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

    /** 1 in the month before the contract comes up for renewal ({@code renewal_due}): a moment customers decide. */
    public static final String RENEWAL_AHEAD = "renewal-ahead";
    /** 1 in the month after the renewal date: who decided to leave gives notice then. */
    public static final String RENEWAL_PASSED = "renewal-passed";
    static final Duration RENEWAL_WINDOW = Duration.ofDays(30);

    public static final List<String> RULES = List.of(LastContactExperienceRule.NAME, EffortRule.NAME,
            RepeatContactRule.NAME, ResponsivenessRule.NAME, PromiseRule.NAME, ComplaintRule.NAME, SilenceRule.NAME,
            OverContactRule.NAME, VoiceOfCustomerRule.NAME, ExitIntentRule.NAME);
    // No "recent fall" of the score: it is the rules' contributions again, and collinear features
    // split their weight unpredictably (a rule could end up lowering the risk).
    public static final List<String> STATE_FEATURES = List.of(DAYS_SINCE_CONTACT, EVENTS, NEGATIVE_CONTACTS,
            POSITIVE_CONTACTS);
    /**
     * Where the contract stands against its renewal date, alone and "with" the rest (the domain's exit
     * intent: a renewal coming up with negative signals): each renewal window times each state feature
     * and times the rules' summed contributions, so a renewal weighs more for a customer the rules and
     * the state already mark. All 0 when no date is known.
     */
    public static final List<String> RENEWAL_FEATURES;
    private static final String WITH = "-with-";
    private static final String WITH_RULES = "rules";
    /** Every feature, in the order of {@link #vector}. */
    public static final List<String> NAMES;

    private static final java.util.Map<String, Integer> RULE_INDEX;

    static {
        List<String> renewal = new ArrayList<>(List.of(RENEWAL_AHEAD, RENEWAL_PASSED));
        for (String window : List.of(RENEWAL_AHEAD, RENEWAL_PASSED)) {
            for (String feature : STATE_FEATURES) {
                renewal.add(window + WITH + feature);
            }
            renewal.add(window + WITH + WITH_RULES);
        }
        RENEWAL_FEATURES = List.copyOf(renewal);
        List<String> names = new ArrayList<>(RULES);
        names.addAll(STATE_FEATURES);
        names.addAll(RENEWAL_FEATURES);
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
        Instant renewsAt = state.renewsAt();
        if (renewsAt != null) {
            int renewal = base + STATE_FEATURES.size();
            boolean ahead = now.isBefore(renewsAt) && !now.isBefore(renewsAt.minus(RENEWAL_WINDOW));
            boolean passed = !now.isBefore(renewsAt) && now.isBefore(renewsAt.plus(RENEWAL_WINDOW));
            if (ahead || passed) {
                double rules = 0;
                for (int i = 0; i < base; i++) {
                    rules += x[i];
                }
                int window = ahead ? 0 : 1;
                x[renewal + window] = 1;
                int with = renewal + 2 + window * (STATE_FEATURES.size() + 1);
                System.arraycopy(x, base, x, with, STATE_FEATURES.size());
                x[with + STATE_FEATURES.size()] = rules;
            }
        }
        return x;
    }

    /**
     * When, strictly after {@code after}, the engine should assess the customer for its renewal with no
     * event: the start of the month before the renewal date, when the risk can rise to the alert line;
     * and, for a customer standing above the line ({@code alerting}), the date and the end of the month
     * after it, when the risk falls back and the customer can recover. For anyone else the windows'
     * closing changes nothing seen (on the scoring benchmark's traffic 5 of 79,593 such timers raised a
     * signal) and is taken up by the customer's next assessment: nine closing timers in ten saved.
     */
    public static Instant nextChangeAt(RelationshipState state, Instant after, boolean alerting) {
        Instant renewsAt = state.renewsAt();
        if (renewsAt == null) {
            return null;
        }
        Instant opens = renewsAt.minus(RENEWAL_WINDOW);
        if (opens.isAfter(after)) {
            return opens;
        }
        if (!alerting) {
            return null;
        }
        for (Instant at : new Instant[] {renewsAt, renewsAt.plus(RENEWAL_WINDOW)}) {
            if (at.isAfter(after)) {
                return at;
            }
        }
        return null;
    }
}
