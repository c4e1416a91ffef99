package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.domain.AlertEventType;
import dev.earlywarning.alerts.domain.AlertLifecycle;
import dev.earlywarning.alerts.domain.AlertRules;
import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.alerts.persistence.AlertEntity;
import dev.earlywarning.alerts.persistence.DeliveryAlert;
import dev.earlywarning.alerts.persistence.DeliveryAlertRepository;
import dev.earlywarning.alerts.persistence.AlertEvent;
import dev.earlywarning.alerts.persistence.AlertEventRepository;
import dev.earlywarning.alerts.persistence.AlertOutcome;
import dev.earlywarning.alerts.persistence.AlertOutcomeRepository;
import dev.earlywarning.alerts.persistence.AlertTransition;
import dev.earlywarning.alerts.persistence.AlertTransitionRepository;
import dev.earlywarning.alerts.persistence.AlertRepository;
import dev.earlywarning.alerts.persistence.DeliveryEntity;
import dev.earlywarning.alerts.persistence.DeliveryRepository;
import dev.earlywarning.alerts.persistence.ProcessedSignal;
import dev.earlywarning.alerts.persistence.ProcessedSignalRepository;
import dev.earlywarning.alerts.persistence.SubscriptionEntity;
import dev.earlywarning.alerts.persistence.SubscriptionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
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
    private final AlertTransitionRepository transitions;
    private final AlertOutcomeRepository outcomes;
    private final AlertEventRepository events;
    private final DeliveryAlertRepository members;
    private final ObjectMapper json;
    private final AlertsConfig config;
    private final MeterRegistry registry;
    private static final String SYSTEM = "system";
    private final AlertRules rules = new AlertRules();
    private final Clock clock = Clock.systemUTC();

    public AlertService(AlertRepository alerts, ProcessedSignalRepository processed,
                        SubscriptionRepository subscriptions, DeliveryRepository deliveries,
                        AlertTransitionRepository transitions, AlertOutcomeRepository outcomes,
                        AlertEventRepository events, DeliveryAlertRepository members, ObjectMapper json,
                        AlertsConfig config, MeterRegistry registry) {
        this.events = events;
        this.members = members;
        this.transitions = transitions;
        this.outcomes = outcomes;
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
            return apply(signal);
        });
    }

    /**
     * Applies a batch of signals in their order, in one transaction (one commit, one look-up of the
     * ids already processed, instead of one of each per signal); a signal id seen before, in an
     * earlier batch or earlier in this one, changes nothing. Either the whole batch is applied or
     * none of it.
     */
    @WithTransaction
    public Uni<Void> onSignals(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = signals.stream().map(Signal::signalId).distinct().toList();
        return processed.list("signalId in ?1", ids).chain(rows -> {
            Set<String> seen = new HashSet<>();
            rows.forEach(row -> seen.add(row.signalId));
            return Multi.createFrom().iterable(signals).onItem().call(signal -> {
                if (!seen.add(signal.signalId())) {
                    registry.counter("ew.alerts.signals", "outcome", "duplicate").increment();
                    return Uni.createFrom().voidItem();
                }
                // Written out and let go after each signal: every flush checks every entity the
                // session holds, so a session growing over the batch made it quadratic.
                return apply(signal).chain(() -> Panache.getSession())
                        .chain(session -> session.flush().invoke(session::clear));
            }).collect().last().replaceWithVoid();
        });
    }

    private Uni<Void> apply(Signal signal) {
        registry.counter("ew.alerts.signals", "outcome", "applied").increment();
        return processed.persist(ProcessedSignal.of(signal.signalId(), clock.instant()))
                .chain(() -> signal.kind() == Signal.Kind.RECOVERED ? recover(signal) : raise(signal));
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
            Uni<Boolean> flapping = open != null ? Uni.createFrom().item(changed.flapping)
                    : alerts.resolvedSince(signal.customerId(), signal.cause(), now.minus(config.flapping().window()))
                    .map(resolved -> resolved >= config.flapping().episodes());
            return flapping.chain(isFlapping -> {
                changed.flapping = isFlapping;
                if (open == null && isFlapping) {
                    registry.counter("ew.alerts.flapping", "cause", changed.cause).increment();
                }
                return store(changed, open == null, type, signal, now);
            });
        });
    }

    private Uni<Void> store(AlertEntity changed, boolean isNew, AlertEventType type, Signal signal, Instant now) {
        Uni<?> stored = isNew ? alerts.persist(changed).chain(() -> alerts.flush()).chain(() ->
                transitions.persist(AlertTransition.of(changed.id, "open", null, AlertStatus.OPEN, SYSTEM,
                        "signal " + signal.signalId() + " (" + signal.cause() + ")", now)))
                : Uni.createFrom().voidItem();
        // While snoozed, updates are stored but not notified.
        boolean quiet = type == AlertEventType.UPDATED && AlertLifecycle.snoozed(changed.snoozedUntil, now);
        return stored.chain(() -> alerts.flush()).chain(() -> quiet ? Uni.createFrom().voidItem()
                : enqueue(changed, type));
    }

    private Uni<Void> recover(Signal signal) {
        return alerts.findAllOpen(signal.customerId()).chain(open -> {
            if (rules.decide(signal, !open.isEmpty()) == AlertRules.Decision.IGNORE) {
                return Uni.createFrom().voidItem();
            }
            // One session: the alerts are resolved one after the other, never concurrently.
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (AlertEntity alert : open) {
                chain = chain.chain(() -> resolveByRecovery(alert, signal));
            }
            return chain;
        });
    }

    private Uni<Void> resolveByRecovery(AlertEntity alert, Signal signal) {
        AlertStatus from = alert.status;
        alert.status = AlertLifecycle.resolve(alert.status);
        alert.resolvedAt = clock.instant();
        alert.updatedAt = alert.resolvedAt;
        alert.scoreAfter = signal.scoreAfter();
        alert.bandAfter = signal.bandAfter();
        alert.lastSignalId = signal.signalId();
        return transitions.persist(AlertTransition.of(alert.id, "resolve", from, alert.status, SYSTEM,
                        "recovery signal " + signal.signalId(), alert.resolvedAt))
                .chain(() -> enqueue(alert, AlertEventType.RESOLVED));
    }

    @WithTransaction
    public Uni<AlertView> acknowledge(UUID id, String actor, String note) {
        return transition(id, AlertEventType.ACKNOWLEDGED, actor, note);
    }

    @WithTransaction
    public Uni<AlertView> resolve(UUID id, String actor, String note) {
        return transition(id, AlertEventType.RESOLVED, actor, note);
    }

    private Uni<AlertView> transition(UUID id, AlertEventType type, String actor, String note) {
        return find(id).chain(alert -> {
            AlertStatus from = alert.status;
            AlertStatus next = type == AlertEventType.ACKNOWLEDGED
                    ? AlertLifecycle.acknowledge(alert.status) : AlertLifecycle.resolve(alert.status);
            if (next == from) {
                return Uni.createFrom().item(view(alert));
            }
            alert.status = next;
            alert.updatedAt = clock.instant();
            if (next == AlertStatus.ACKNOWLEDGED) {
                alert.acknowledgedAt = alert.updatedAt;
                registry.timer("ew.alerts.time.to.acknowledge", "severity", alert.severity.name())
                        .record(java.time.Duration.between(alert.openedAt, alert.acknowledgedAt));
            } else {
                alert.resolvedAt = alert.updatedAt;
            }
            return transitions.persist(AlertTransition.of(alert.id, type == AlertEventType.ACKNOWLEDGED
                            ? "acknowledge" : "resolve", from, next, actor(actor), note, alert.updatedAt))
                    .chain(() -> enqueue(alert, type)).replaceWith(view(alert));
        });
    }

    /** Silences an alert until a time: its updates are stored but not notified meanwhile. */
    @WithTransaction
    public Uni<AlertView> snooze(UUID id, Instant until, String reason, String actor) {
        return find(id).chain(alert -> {
            AlertLifecycle.checkSnooze(alert.status, until, clock.instant());
            alert.snoozedUntil = until;
            alert.snoozeReason = reason;
            alert.updatedAt = clock.instant();
            return transitions.persist(AlertTransition.of(alert.id, "snooze", alert.status, alert.status,
                    actor(actor), "until " + until + (reason == null ? "" : ": " + reason), alert.updatedAt))
                    .replaceWith(view(alert));
        });
    }

    /** Records what was done and whether the alert was useful; recording again replaces it. */
    @WithTransaction
    public Uni<AlertOutcome> recordOutcome(UUID id, String actionTaken, boolean useful, String actor) {
        return find(id).chain(alert -> outcomes.findById(id).chain(existing -> {
            AlertOutcome outcome = existing == null ? new AlertOutcome() : existing;
            outcome.alertId = id;
            outcome.actionTaken = actionTaken;
            outcome.useful = useful;
            outcome.recordedBy = actor(actor);
            outcome.recordedAt = clock.instant();
            registry.counter("ew.alerts.outcomes", "useful", Boolean.toString(useful), "cause", alert.cause).increment();
            return (existing == null ? outcomes.persist(outcome) : Uni.createFrom().item(outcome))
                    .chain(saved -> transitions.persist(AlertTransition.of(id, "outcome", alert.status, alert.status,
                            outcome.recordedBy, (useful ? "useful: " : "false alarm: ") + actionTaken,
                            outcome.recordedAt)).replaceWith(saved));
        }));
    }

    @WithSession
    public Uni<List<AlertTransition>> transitionsOf(UUID id) {
        return find(id).chain(alert -> transitions.ofAlert(id));
    }

    @WithSession
    public Uni<List<AlertOutcome>> outcomes(Boolean useful, int page, int size) {
        return outcomes.search(useful, page, size);
    }

    private Uni<AlertEntity> find(UUID id) {
        return alerts.findById(id).onItem().ifNull().failWith(() -> new NotFoundProblem("No alert " + id));
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "anonymous" : actor;
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
    public Uni<List<AlertView>> search(AlertStatus status, String customerId, Severity severity, String segment,
                                       String cause, int page, int size) {
        return alerts.search(status, customerId, severity, segment, cause, page, size)
                .map(list -> list.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<List<DeliveryEntity>> deliveriesOf(UUID alertId) {
        return deliveries.ofAlert(alertId);
    }

    private AlertView view(AlertEntity alert) {
        return AlertView.of(alert, config.scorerUrl());
    }

    /** Records the change for the live stream and writes one outbox delivery per subscription that wants it. */
    private Uni<Void> enqueue(AlertEntity alert, AlertEventType type) {
        registry.counter("ew.alerts.changes", "type", type.wireName(), "severity", alert.severity.name(),
                "cause", alert.cause).increment();
        Instant now = clock.instant();
        String payload = payload(alert, type, now);
        return events.persist(AlertEvent.of(alert.id, type.wireName(), payload, now))
                .chain(() -> subscriptions.active())
                .chain(subs -> {
                    // A flapping alert is on the stream and in the API, but it does not notify each time.
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (SubscriptionEntity sub : alert.flapping ? List.<SubscriptionEntity>of() : subs) {
                        if (sub.filter.matches(alert.severity, alert.segment, alert.cause)) {
                            // One session: subscriptions one after the other, never concurrently.
                            chain = chain.chain(() -> deliver(sub, alert, type, payload, now));
                        }
                    }
                    return chain;
                });
    }

    /**
     * Adds the change to the subscription's delivery still collecting in its grouping window, or
     * writes a new delivery (due at once, or at the end of the window when the subscription groups).
     */
    private Uni<Void> deliver(SubscriptionEntity sub, AlertEntity alert, AlertEventType type, String payload,
                              Instant now) {
        Uni<DeliveryEntity> collecting = sub.groupWindowSeconds > 0
                ? deliveries.collecting(sub.id, now) : Uni.createFrom().nullItem();
        return collecting.chain(open -> {
            if (open != null) {
                open.payload = WebhookMessage.group(json, open.payload, payload);
                open.eventType = WebhookMessage.BATCH;
                DeliveryAlert.Key key = new DeliveryAlert.Key();
                key.deliveryId = open.id;
                key.alertId = alert.id;
                // The same alert may change twice within one window: it is a member once.
                return members.findById(key).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : members.persist(DeliveryAlert.of(open.id, alert.id)).replaceWithVoid());
            }
            DeliveryEntity delivery = new DeliveryEntity();
            delivery.id = UUID.randomUUID();
            delivery.subscriptionId = sub.id;
            delivery.alertId = alert.id;
            delivery.eventType = type.wireName();
            delivery.payload = payload;
            delivery.status = DeliveryEntity.PENDING;
            delivery.nextAttemptAt = now.plusSeconds(sub.groupWindowSeconds);
            delivery.createdAt = now;
            return deliveries.persist(delivery).chain(() -> deliveries.flush())
                    .chain(() -> members.persist(DeliveryAlert.of(delivery.id, alert.id))).replaceWithVoid();
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
