package dev.earlywarning.scorer.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.domain.RelationshipState;

/** One customer's relationship state and current health. */
@Entity
@Table(name = "customer_health")
public class CustomerHealth {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public String segment;

    public int score;

    @Enumerated(EnumType.STRING)
    public Band band;

    public double confidence;

    @Column(name = "policy_version")
    public String policyVersion;

    @Column(name = "assessed_at")
    public Instant assessedAt;

    /** The state as JSON, from before snapshots; null for rows written since (V4 migration). */
    @JdbcTypeCode(SqlTypes.JSON)
    public RelationshipState state;

    /** The customer as the engine keeps it ({@link dev.earlywarning.scorer.domain.StateCodec}). */
    public byte[] snapshot;

    @JdbcTypeCode(SqlTypes.JSON)
    public HealthAssessment assessment;

    @Column(name = "kafka_partition")
    public int partition;

    public static CustomerHealth of(int partition, RelationshipState state, HealthAssessment health,
                                    byte[] snapshot) {
        CustomerHealth row = new CustomerHealth();
        row.partition = partition;
        row.update(state, health, snapshot);
        return row;
    }

    public void update(RelationshipState next, HealthAssessment health, byte[] snapshot) {
        this.customerId = next.customerId();
        this.segment = next.segment();
        this.snapshot = snapshot;
        this.assessment = health;
        this.score = health.score();
        this.band = health.band();
        this.confidence = health.confidence();
        this.policyVersion = health.policyVersion();
        this.assessedAt = health.assessedAt();
    }
}
