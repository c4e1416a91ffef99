package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.earlywarning.alerts.domain.AlertStatus;

/** One step in an alert's history: who did what, when, and why. */
@Entity
@Table(name = "alert_transition")
public class AlertTransition {

    @Id
    // From a sequence in blocks of 50 (V6), so a batch's rows go in batched inserts.
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "alert_transition_seq")
    @SequenceGenerator(name = "alert_transition_seq", sequenceName = "alert_transition_seq", allocationSize = 50)
    public Long id;

    @Column(name = "alert_id")
    public UUID alertId;

    public String action;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public AlertStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public AlertStatus toStatus;

    public String actor;

    public String note;

    public Instant at;

    public static AlertTransition of(UUID alertId, String action, AlertStatus from, AlertStatus to, String actor,
                                     String note, Instant at) {
        AlertTransition t = new AlertTransition();
        t.alertId = alertId;
        t.action = action;
        t.fromStatus = from;
        t.toStatus = to;
        t.actor = actor;
        t.note = note;
        t.at = at;
        return t;
    }
}
