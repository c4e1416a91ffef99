package dev.earlywarning.alerts.domain;

import java.time.Instant;

/**
 * The operator's lifecycle of an alert: open → acknowledged → resolved, plus snooze until a time.
 * Repeating a step is a no-op; a step the status does not allow is an {@link IllegalTransitionException}.
 */
public final class AlertLifecycle {

    private AlertLifecycle() {
    }

    public static AlertStatus acknowledge(AlertStatus current) {
        if (current == AlertStatus.RESOLVED) {
            throw new IllegalTransitionException("A resolved alert cannot be acknowledged");
        }
        return AlertStatus.ACKNOWLEDGED;
    }

    public static AlertStatus resolve(AlertStatus current) {
        return AlertStatus.RESOLVED;
    }

    /** Snoozing keeps the status; it needs a future time and an alert that is not resolved. */
    public static void checkSnooze(AlertStatus current, Instant until, Instant now) {
        if (current == AlertStatus.RESOLVED) {
            throw new IllegalTransitionException("A resolved alert cannot be snoozed");
        }
        if (until == null || !until.isAfter(now)) {
            throw new IllegalArgumentException("until must be a time in the future");
        }
    }

    /** Whether a snoozed alert stays quiet at {@code now}. */
    public static boolean snoozed(Instant snoozedUntil, Instant now) {
        return snoozedUntil != null && now.isBefore(snoozedUntil);
    }
}
