package dev.earlywarning.alerts.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.earlywarning.alerts.domain.SubscriptionFilter;

@Entity
@Table(name = "subscription")
public class SubscriptionEntity {

    @Id
    public UUID id;

    public String name;

    public String url;

    public String secret;

    /** Stored as one JSON object: Hibernate Reactive maps JSON columns to objects, not arrays. */
    @JdbcTypeCode(SqlTypes.JSON)
    public SubscriptionFilter filter;

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "disabled_reason")
    public String disabledReason;

    public boolean paused;

    /** Changes within this many seconds are sent together in one request (0: each on its own). */
    @Column(name = "group_window_seconds")
    public int groupWindowSeconds;

    @Column(name = "previous_secret")
    public String previousSecret;

    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;
}
