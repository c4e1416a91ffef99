package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One alert change, as the live stream sends it; its id is the SSE event id. */
@Entity
@Table(name = "alert_event")
public class AlertEvent {

    @Id
    // From a sequence in blocks of 50 (V6), so a batch's rows go in batched inserts.
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "alert_event_seq")
    @SequenceGenerator(name = "alert_event_seq", sequenceName = "alert_event_seq", allocationSize = 50)
    public Long id;

    @Column(name = "alert_id")
    public UUID alertId;

    public String type;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    public static AlertEvent of(UUID alertId, String type, String payload, Instant at) {
        AlertEvent event = new AlertEvent();
        event.alertId = alertId;
        event.type = type;
        event.payload = payload;
        event.createdAt = at;
        return event;
    }
}
