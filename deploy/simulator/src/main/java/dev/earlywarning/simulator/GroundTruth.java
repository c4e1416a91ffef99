package dev.earlywarning.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What really happened to one customer, kept apart from its events: whether and when it cancelled,
 * and why. Detectors never see this; the backtest scores them against it.
 *
 * @param churnedAt when the customer cancelled, or null if it stayed to the end of the period
 * @param reason {@code relationship} (decided on the latent state) or {@code unrelated} (moved away, price...)
 * @param decidedAt when a relationship churner made up its mind (before it cancelled)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroundTruth(String customerId, String segment, boolean silent, boolean heavyMarketing,
                          Instant churnedAt, String reason, Instant decidedAt, int perceivedContacts) {

    public boolean churned() {
        return churnedAt != null;
    }
}
