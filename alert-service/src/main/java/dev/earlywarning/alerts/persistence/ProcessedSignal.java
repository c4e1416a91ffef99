package dev.earlywarning.alerts.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The log of applied signal ids that makes signal consumption idempotent. */
@Entity
@Table(name = "processed_signal")
public class ProcessedSignal {

    @Id
    @Column(name = "signal_id")
    public String signalId;

    @Column(name = "processed_at")
    public Instant processedAt;

    public static ProcessedSignal of(String signalId, Instant at) {
        ProcessedSignal row = new ProcessedSignal();
        row.signalId = signalId;
        row.processedAt = at;
        return row;
    }
}
