package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.Signal;

@Entity
@Table(name = "alert")
public class AlertEntity {

    @Id
    public UUID id;

    @Column(name = "customer_id")
    public String customerId;

    public String segment;

    public String cause;

    @Enumerated(EnumType.STRING)
    public AlertStatus status;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Column(name = "score_before")
    public Integer scoreBefore;

    @Column(name = "score_after")
    public int scoreAfter;

    @Column(name = "band_before")
    public String bandBefore;

    @Column(name = "band_after")
    public String bandAfter;

    /** The scorer's drivers, wrapped in an object: Hibernate Reactive maps JSON columns to objects, not arrays. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Explanation drivers;

    /** The drivers behind an alert. */
    public record Explanation(List<Signal.Driver> drivers) {
    }

    /** The churn risk (0–1) of the customer at the alert's last signal; null from a scorer without the model. */
    public Double risk;

    /** How the alert was resolved: {@code recovered}, {@code operator} or {@code churned}; null while unresolved. */
    public String resolution;

    @Column(name = "recommended_action")
    public String recommendedAction;

    @Column(name = "last_signal_id")
    public String lastSignalId;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "snoozed_until")
    public Instant snoozedUntil;

    @Column(name = "snooze_reason")
    public String snoozeReason;

    /** Resolved and re-opened repeatedly within the flapping window: kept, not notified. */
    public boolean flapping;

    @Version
    public long version;
}
