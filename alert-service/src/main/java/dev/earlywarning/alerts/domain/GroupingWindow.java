package dev.earlywarning.alerts.domain;

import java.time.Instant;

/**
 * A subscription's grouping window: the alert changes of its first seconds travel together in one
 * request (a batch), sent when the window ends; without a window each change is sent at once.
 *
 * @param seconds the window, 0 for none
 */
public record GroupingWindow(int seconds) {

    public GroupingWindow {
        if (seconds < 0) {
            throw new IllegalArgumentException("A grouping window cannot be negative: " + seconds);
        }
    }

    public boolean groups() {
        return seconds > 0;
    }

    /** When a delivery opened now is due: at once, or when the window ends. */
    public Instant dueAt(Instant now) {
        return now.plusSeconds(seconds);
    }

    /**
     * Whether a change at {@code now} joins a delivery due at {@code dueAt} with {@code attempts}
     * made: only while the window lasts and nothing has been sent yet.
     */
    public boolean joins(int attempts, Instant dueAt, Instant now) {
        return groups() && attempts == 0 && dueAt.isAfter(now);
    }
}
