package dev.earlywarning.alerts.kafka;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.earlywarning.alerts.domain.Signal;

/** The fields of a churn-risk signal (schema v1, {@code docs/schemas/churn-risk-signal.v1.json}) this service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignalRecord(Integer schemaVersion, String signalId, String kind, String customerId, String segment,
                           String cause, String severity, Integer scoreBefore, Integer scoreAfter, String bandBefore,
                           String bandAfter, List<Signal.Driver> drivers, String recommendedAction,
                           String triggeringEventId, Instant occurredAt, Risk risk) {

    /** The part of the signal's churn risk this service keeps. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Risk(Double probability) {
    }
}
