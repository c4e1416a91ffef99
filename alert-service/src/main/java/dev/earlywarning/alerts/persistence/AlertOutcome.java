package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What an operator did about an alert and whether it was useful: the loop that judges the scoring. */
@Entity
@Table(name = "alert_outcome")
public class AlertOutcome {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Column(name = "action_taken")
    public String actionTaken;

    public boolean useful;

    @Column(name = "recorded_by")
    public String recordedBy;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
