package dev.earlywarning.scorer.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.HealthAssessment;

/** One scored event in a customer's history. */
@Entity
@Table(name = "health_history")
public class HealthHistory {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "customer_id")
    public String customerId;

    /** What changed the score: an event id, or {@code timer@<time>}. */
    public String cause;

    public int score;

    @Enumerated(EnumType.STRING)
    public Band band;

    @Column(name = "assessed_at")
    public Instant assessedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public HealthAssessment assessment;

    public static HealthHistory of(String customerId, String cause, HealthAssessment assessment) {
        HealthHistory row = new HealthHistory();
        row.customerId = customerId;
        row.cause = cause;
        row.score = assessment.score();
        row.band = assessment.band();
        row.assessedAt = assessment.assessedAt();
        row.assessment = assessment;
        return row;
    }
}
