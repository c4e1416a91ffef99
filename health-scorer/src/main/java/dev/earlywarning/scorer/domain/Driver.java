package dev.earlywarning.scorer.domain;

import java.util.List;

/**
 * One rule's contribution to a health score.
 *
 * @param rule the rule's stable name, e.g. {@code last-contact-experience}
 * @param points signed points added to the baseline (negative lowers health)
 * @param reason the contribution in plain words
 * @param level the relationship level the signal comes from
 * @param eventIds the events behind it
 * @param recommendedAction what an operator should do about it
 */
public record Driver(String rule, double points, String reason, Level level, List<String> eventIds,
                     String recommendedAction) {
}
