package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.earlywarning.alerts.domain.SubscriptionFilter;

/**
 * An operations team's webhook subscription as stored.
 *
 * @param groupWindowSeconds changes within this many seconds are sent together in one request (0: each on its own)
 * @param previousSecret during a rotation, the secret that keeps signing too until {@code previousSecretUntil}
 */
public record Subscription(UUID id, String name, String url, String secret, SubscriptionFilter filter,
                           boolean active, Instant createdAt, String disabledReason, boolean paused,
                           int groupWindowSeconds, String previousSecret, Instant previousSecretUntil) {
}
