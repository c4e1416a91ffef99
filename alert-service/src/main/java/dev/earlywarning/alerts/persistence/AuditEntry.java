package dev.earlywarning.alerts.persistence;

import java.time.Instant;

/**
 * One change made through the API: who, what, to which subscription or alert, and a short detail
 * (never a secret).
 *
 * @param targetKind {@code subscription}, {@code alert} or {@code delivery}
 */
public record AuditEntry(Long id, Instant at, String actor, String action, String targetKind, String targetId,
                         String detail) {

    public static AuditEntry of(Instant at, String actor, String action, String targetKind, Object targetId,
                                String detail) {
        return new AuditEntry(null, at, actor, action, targetKind, String.valueOf(targetId), detail);
    }
}
