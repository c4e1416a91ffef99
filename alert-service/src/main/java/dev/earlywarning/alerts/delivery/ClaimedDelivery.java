package dev.earlywarning.alerts.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A due delivery claimed by this dispatcher, with what it needs to send it.
 *
 * @param previousSecret the secret before a rotation, while it still signs too; else null
 */
public record ClaimedDelivery(UUID id, int attempts, String payload, Instant createdAt, UUID subscriptionId,
                              String url, String secret, String previousSecret, boolean subscriptionActive) {
}
