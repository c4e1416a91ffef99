package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

/** What an operator did about an alert and whether it was useful: the loop that judges the scoring. */
public record AlertOutcome(UUID alertId, String actionTaken, boolean useful, String recordedBy, Instant recordedAt) {
}
