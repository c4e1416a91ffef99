package dev.earlywarning.alerts.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.alerts.domain.Alert;

/**
 * An alert as operators and webhooks see it: {@code risk} is the customer's churn risk (0–1) at its last
 * signal, {@code resolution} how it was resolved ({@code recovered}, {@code operator}, {@code churned}),
 * {@code assignee} the operator who took it on (null: nobody yet).
 */
public record AlertView(UUID id, String customerId, String segment, String cause, AlertStatus status,
                        Severity severity, Integer scoreBefore, int scoreAfter, String bandBefore, String bandAfter,
                        List<Signal.Driver> drivers, String recommendedAction, Instant openedAt, Instant updatedAt,
                        Instant acknowledgedAt, Instant resolvedAt, Instant snoozedUntil, String snoozeReason,
                        boolean flapping, String customerHistoryUrl, Double risk, String resolution,
                        String assignee) {

    public static AlertView of(Alert.State a, String scorerUrl) {
        return new AlertView(a.id(), a.customerId(), a.segment(), a.cause(), a.status(), a.severity(), a.scoreBefore(),
                a.scoreAfter(), a.bandBefore(), a.bandAfter(), a.drivers(), a.recommendedAction(), a.openedAt(),
                a.updatedAt(), a.acknowledgedAt(), a.resolvedAt(), a.snoozedUntil(), a.snoozeReason(), a.flapping(),
                scorerUrl + "/customers/" + a.customerId() + "/history", a.risk(), a.resolution(), a.assignee());
    }
}
