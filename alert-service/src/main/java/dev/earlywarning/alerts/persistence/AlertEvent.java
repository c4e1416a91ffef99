package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * One alert change, as the live stream sends it: a row of {@code alert_event}, written by
 * {@link AlertStore} (its id, the SSE event id, comes from the table's sequence).
 */
public record AlertEvent(UUID alertId, String type, String payload, Instant createdAt) {

    public static AlertEvent of(UUID alertId, String type, String payload, Instant at) {
        return new AlertEvent(alertId, type, payload, at);
    }
}
