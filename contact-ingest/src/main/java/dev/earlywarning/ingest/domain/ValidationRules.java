package dev.earlywarning.ingest.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Limits that a contact event must respect. The string limits are those of the downstream stores
 * (the scorer's and alert-service's columns), so an accepted event is always storable.
 *
 * @param maxFutureSkew how far in the future an occurred-at time may lie (clock skew of producers)
 * @param oldestEventTime the oldest occurred-at (and promise due) time accepted
 * @param maxPromiseHorizon how far after its event a promise may fall due
 * @param maxIdLength longest event, customer, case and promise id
 * @param maxCodeLength longest segment and source system
 * @param maxAttributes most free-form attributes on one event
 * @param maxAttributeLength longest attribute key or value
 * @param maxWaitSeconds longest waiting or response time
 */
public record ValidationRules(Duration maxFutureSkew, Instant oldestEventTime, Duration maxPromiseHorizon,
                              int maxIdLength, int maxCodeLength, int maxAttributes, int maxAttributeLength,
                              int maxWaitSeconds) {

    public static final ValidationRules DEFAULT = new ValidationRules(Duration.ofMinutes(5),
            Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(3660), 128, 64, 20, 256, 31_536_000);

    /** Longest reason of a relationship_ended outcome: as long as an attribute value. */
    public int maxReasonLength() {
        return maxAttributeLength;
    }

    public ValidationRules withTimes(Duration futureSkew, Instant oldest) {
        return new ValidationRules(futureSkew, oldest, maxPromiseHorizon, maxIdLength, maxCodeLength, maxAttributes,
                maxAttributeLength, maxWaitSeconds);
    }
}
