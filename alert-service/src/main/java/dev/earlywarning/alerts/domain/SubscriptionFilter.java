package dev.earlywarning.alerts.domain;

import java.util.Set;

/**
 * Which alerts a subscription wants. Empty sets mean "any".
 *
 * @param minSeverity the least severe alert delivered
 * @param segments customer segments, or empty for all
 * @param causes alert causes (the scorer's rule names), or empty for all
 */
public record SubscriptionFilter(Severity minSeverity, Set<String> segments, Set<String> causes) {

    public boolean matches(Severity severity, String segment, String cause) {
        return severity.atLeast(minSeverity)
                && (segments.isEmpty() || segments.contains(segment))
                && (causes.isEmpty() || causes.contains(cause));
    }
}
