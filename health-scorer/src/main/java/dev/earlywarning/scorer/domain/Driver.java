package dev.earlywarning.scorer.domain;

import java.util.List;

/**
 * One rule's contribution to a health score.
 *
 * @param rule the rule's stable name, e.g. {@code repeat-contact}
 * @param points signed points added to the baseline of 100 (negative lowers health)
 * @param reason the contribution in plain words
 * @param level the relationship level the signal comes from
 * @param eventIds the events behind it
 * @param recommendedAction what an operator should do about it
 * @param critical a red flag that warrants a signal on its own (third contact on one issue, a
 *        broken promise on an open complaint, a cancellation intent)
 */
public record Driver(String rule, double points, String reason, Level level, List<String> eventIds,
                     String recommendedAction, boolean critical) {

    public Driver(String rule, double points, String reason, Level level, List<String> eventIds,
                  String recommendedAction) {
        this(rule, points, reason, level, eventIds, recommendedAction, false);
    }
}
