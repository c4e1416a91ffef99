package dev.earlywarning.alerts.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A due delivery claimed by this dispatcher, with what it needs to send it.
 *
 * @param alertId the alert it is about (the first one, for a grouped delivery)
 * @param previousSecret the secret before a rotation, while it still signs too; else null
 * @param traceparent the trace of the signal behind it, which its sends continue; null if none
 */
public record ClaimedDelivery(UUID id, int attempts, String payload, Instant createdAt, UUID subscriptionId,
                              UUID alertId, String url, String secret, String previousSecret,
                              boolean subscriptionActive, String traceparent) {
}
