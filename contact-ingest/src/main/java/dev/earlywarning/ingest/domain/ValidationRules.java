package dev.earlywarning.ingest.domain;

import java.time.Duration;

/**
 * Limits that a contact event must respect.
 *
 * @param maxFutureSkew how far in the future an occurred-at time may lie (clock skew of producers)
 * @param maxIdLength longest event, customer, case and promise id
 * @param maxAttributes most free-form attributes on one event
 * @param maxAttributeLength longest attribute key or value
 */
public record ValidationRules(Duration maxFutureSkew, int maxIdLength, int maxAttributes, int maxAttributeLength) {

    public static final ValidationRules DEFAULT = new ValidationRules(Duration.ofMinutes(5), 128, 20, 256);
}
