package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.earlywarning.alerts.domain.Alert;
import dev.earlywarning.alerts.domain.AlertStatus;

/** One step in an alert's history as stored: who did what, when, and why; {@code id} orders it. */
public record AlertTransition(Long id, UUID alertId, String action, AlertStatus fromStatus, AlertStatus toStatus,
                              String actor, String note, Instant at) {

    public static AlertTransition of(Alert.Transition t) {
        return new AlertTransition(null, t.alertId(), t.action(), t.from(), t.to(), t.actor(), t.note(), t.at());
    }
}
