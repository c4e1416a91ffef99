package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

/** One webhook message to one subscription (the outbox); its id is the stable {@code webhook-id}. */
public record Delivery(UUID id, UUID subscriptionId, UUID alertId, String eventType, String payload, String status,
                       int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
                       Instant deliveredAt, String traceparent) {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    /** A new delivery, due at {@code due}. */
    /** A new delivery; {@code traceparent} is the trace of the signal behind it (null if none), which its sends continue. */
    public static Delivery pending(UUID id, UUID subscriptionId, UUID alertId, String eventType, String payload,
                                   Instant due, Instant now, String traceparent) {
        return new Delivery(id, subscriptionId, alertId, eventType, payload, PENDING, 0, due, null, null, now, null,
                traceparent);
    }

    /** The same delivery carrying another body (a grouping window's batch). */
    public Delivery carrying(String eventType, String payload) {
        return new Delivery(id, subscriptionId, alertId, eventType, payload, status, attempts, nextAttemptAt, lastStatus,
                lastError, createdAt, deliveredAt, traceparent);
    }

    /** One alert a delivery carries (one, or several when grouped): a row of {@code delivery_member}. */
    public record Member(UUID deliveryId, UUID alertId) {
    }
}
