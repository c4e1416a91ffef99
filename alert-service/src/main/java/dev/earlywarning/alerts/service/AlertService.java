package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.domain.AlertEventType;
import dev.earlywarning.alerts.domain.AlertRules;
import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.alerts.persistence.AlertEntity;
import dev.earlywarning.alerts.persistence.AlertRepository;
import dev.earlywarning.alerts.persistence.DeliveryEntity;
import dev.earlywarning.alerts.persistence.DeliveryRepository;
import dev.earlywarning.alerts.persistence.ProcessedSignal;
import dev.earlywarning.alerts.persistence.ProcessedSignalRepository;
import dev.earlywarning.alerts.persistence.SubscriptionEntity;
import dev.earlywarning.alerts.persistence.SubscriptionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Turns signals into alerts and alert changes into outbox deliveries, in one transaction: an alert
 * change is never stored without its notifications, nor notified without being stored.
 */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final ProcessedSignalRepository processed;
    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final ObjectMapper json;
    private final AlertsConfig config;
    private final MeterRegistry registry;
    private final AlertRules rules = new AlertRules();
    private final Clock clock = Clock.systemUTC();

    public AlertService(AlertRepository alerts, ProcessedSignalRepository processed,
                        SubscriptionRepository subscriptions, DeliveryRepository deliveries, ObjectMapper json,
                        AlertsConfig config, MeterRegistry registry) {
        this.alerts = alerts;
        this.processed = processed;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.json = json;
        this.config = config;
        this.registry = registry;
    }

    /** Applies a signal once; a signal id seen before changes nothing. */
    @WithTransaction
    public Uni<Void> onSignal(Signal signal) {
        return processed.findById(signal.signalId()).chain(seen -> {
            if (seen != null) {
                registry.counter("ew.alerts.signals", "outcome", "duplicate").increment();
                return Uni.createFrom().voidItem();
            }
            registry.counter("ew.alerts.signals", "outcome", "applied").increment();
            return processed.persist(ProcessedSignal.of(signal.signalId(), clock.instant()))
                    .chain(() -> signal.kind() == Signal.Kind.RECOVERED ? recover(signal) : raise(signal));
        });
    }

    private Uni<Void> raise(Signal signal) {
        return alerts.findOpen(signal.customerId(), signal.cause()).chain(open -> {
            Instant now = clock.instant();
            AlertEntity alert = open;
            AlertEventType type;
            if (rules.decide(signal, open != null) == AlertRules.Decision.OPEN) {
                alert = new AlertEntity();
                alert.id = UUID.randomUUID();
                alert.customerId = signal.customerId();
                alert.cause = signal.cause();
                alert.status = AlertStatus.OPEN;
                alert.severity = signal.severity();
                alert.scoreBefore = signal.scoreBefore();
                alert.bandBefore = signal.bandBefore();
                alert.openedAt = now;
                type = AlertEventType.OPENED;
            } else {
                alert.severity = rules.escalate(alert.severity, signal.severity());
                type = AlertEventType.UPDATED;
            }
            alert.segment = signal.segment();
            alert.scoreAfter = signal.scoreAfter();
            alert.bandAfter = signal.bandAfter();
            alert.drivers = new AlertEntity.Explanation(signal.drivers());
            alert.recommendedAction = signal.recommendedAction();
            alert.lastSignalId = signal.signalId();
            alert.updatedAt = now;
            AlertEntity changed = alert;
            Uni<?> stored = open == null ? alerts.persist(changed) : Uni.createFrom().voidItem();
            return stored.chain(() -> alerts.flush()).chain(() -> enqueue(changed, type));
        });
    }

    private Uni<Void> recover(Signal signal) {
        return alerts.findAllOpen(signal.customerId()).chain(open -> {
            if (rules.decide(signal, !open.isEmpty()) == AlertRules.Decision.IGNORE) {
                return Uni.createFrom().voidItem();
            }
            List<Uni<Void>> steps = new ArrayList<>();
            for (AlertEntity alert : open) {
                alert.status = rules.resolve(alert.status);
                alert.resolvedAt = clock.instant();
                alert.updatedAt = alert.resolvedAt;
                alert.scoreAfter = signal.scoreAfter();
                alert.bandAfter = signal.bandAfter();
                alert.lastSignalId = signal.signalId();
                steps.add(enqueue(alert, AlertEventType.RESOLVED));
            }
            return Uni.join().all(steps).andFailFast().replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<AlertView> acknowledge(UUID id) {
        return transition(id, AlertEventType.ACKNOWLEDGED);
    }

    @WithTransaction
    public Uni<AlertView> resolve(UUID id) {
        return transition(id, AlertEventType.RESOLVED);
    }

    private Uni<AlertView> transition(UUID id, AlertEventType type) {
        return alerts.findById(id).chain(alert -> {
            if (alert == null) {
                return Uni.createFrom().failure(new NotFoundProblem("No alert " + id));
            }
            AlertStatus next = type == AlertEventType.ACKNOWLEDGED
                    ? rules.acknowledge(alert.status) : rules.resolve(alert.status);
            if (next == alert.status) {
                return Uni.createFrom().item(view(alert));
            }
            alert.status = next;
            alert.updatedAt = clock.instant();
            if (next == AlertStatus.ACKNOWLEDGED) {
                alert.acknowledgedAt = alert.updatedAt;
            } else {
                alert.resolvedAt = alert.updatedAt;
            }
            return enqueue(alert, type).replaceWith(view(alert));
        });
    }

    @WithSession
    public Uni<AlertView> get(UUID id) {
        return alerts.findById(id).map(alert -> {
            if (alert == null) {
                throw new NotFoundProblem("No alert " + id);
            }
            return view(alert);
        });
    }

    @WithSession
    public Uni<List<AlertView>> search(AlertStatus status, String customerId, int page, int size) {
        return alerts.search(status, customerId, page, size).map(list -> list.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<List<DeliveryEntity>> deliveriesOf(UUID alertId) {
        return deliveries.ofAlert(alertId);
    }

    private AlertView view(AlertEntity alert) {
        return AlertView.of(alert, config.scorerUrl());
    }

    /** Writes one outbox delivery per active subscription that wants this alert. */
    private Uni<Void> enqueue(AlertEntity alert, AlertEventType type) {
        registry.counter("ew.alerts.changes", "type", type.wireName(), "severity", alert.severity.name()).increment();
        return subscriptions.active().chain(subs -> {
            Instant now = clock.instant();
            String payload = payload(alert, type, now);
            List<DeliveryEntity> rows = new ArrayList<>();
            for (SubscriptionEntity sub : subs) {
                if (sub.filter.matches(alert.severity, alert.segment, alert.cause)) {
                    DeliveryEntity delivery = new DeliveryEntity();
                    delivery.id = UUID.randomUUID();
                    delivery.subscriptionId = sub.id;
                    delivery.alertId = alert.id;
                    delivery.eventType = type.wireName();
                    delivery.payload = payload;
                    delivery.status = DeliveryEntity.PENDING;
                    delivery.nextAttemptAt = now;
                    delivery.createdAt = now;
                    rows.add(delivery);
                }
            }
            return rows.isEmpty() ? Uni.createFrom().voidItem() : deliveries.persist(rows);
        });
    }

    private String payload(AlertEntity alert, AlertEventType type, Instant now) {
        try {
            return json.writeValueAsString(new WebhookMessage(type.wireName(), now, view(alert)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert payload not serialisable", e);
        }
    }
}
