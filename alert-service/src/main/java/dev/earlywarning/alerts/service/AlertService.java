package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        return applyAll(List.of(signal));
    }

    /**
     * Applies a batch of signals in their order, in one transaction; a signal id seen before, in an
     * earlier batch or earlier in this one, changes nothing. Either the whole batch is applied or
     * none of it. The batch asks the database once for what it needs to know (ids already
     * processed, the open alerts of its customers, recently resolved episodes, active
     * subscriptions) and writes everything in one flush, instead of a dozen round trips per signal.
     */
    @WithTransaction
    public Uni<Void> onSignals(List<Signal> signals) {
        return applyAll(signals);
    }

    private Uni<Void> applyAll(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Work work = new Work();
        List<String> ids = signals.stream().map(Signal::signalId).distinct().toList();
        List<String> customers = signals.stream().map(Signal::customerId).distinct().toList();
        return processed.list("signalId in ?1", ids)
                .invoke(rows -> rows.forEach(row -> work.seen.add(row.signalId)))
                .chain(() -> alerts.list("customerId in ?1 and status <> ?2", customers, AlertStatus.RESOLVED))
                .invoke(open -> open.forEach(work::track))
                .chain(() -> alerts.list("customerId in ?1 and status = ?2 and resolvedAt >= ?3", customers,
                        AlertStatus.RESOLVED, work.now.minus(config.flapping().window())))
                .invoke(resolved -> resolved.forEach(alert -> work.resolved(alert.customerId, alert.cause)))
                .chain(() -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Signal signal : signals) {
                        chain = chain.chain(() -> apply(signal, work));
                    }
                    return chain;
                })
                .chain(work::write);
    }

    private Uni<Void> apply(Signal signal, Work work) {
        if (!work.seen.add(signal.signalId())) {
            registry.counter("ew.alerts.signals", "outcome", "duplicate").increment();
            return Uni.createFrom().voidItem();
        }
        registry.counter("ew.alerts.signals", "outcome", "applied").increment();
        work.processed.add(ProcessedSignal.of(signal.signalId(), work.now));
        return signal.kind() == Signal.Kind.RECOVERED ? recover(signal, work) : raise(signal, work);
    }

    private Uni<Void> raise(Signal signal, Work work) {
        AlertEntity open = work.open(signal.customerId(), signal.cause());
        Instant now = work.now;
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
            alert.flapping = work.resolvedCount(signal.customerId(), signal.cause()) >= config.flapping().episodes();
            if (alert.flapping) {
                registry.counter("ew.alerts.flapping", "cause", alert.cause).increment();
            }
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
        if (open == null) {
            work.track(changed);
            work.alerts.add(changed);
            work.transitions.add(AlertTransition.of(changed.id, "open", null, AlertStatus.OPEN, SYSTEM,
                    "signal " + signal.signalId() + " (" + signal.cause() + ")", now));
        }
        // While snoozed, updates are stored but not notified.
        boolean quiet = type == AlertEventType.UPDATED && AlertLifecycle.snoozed(changed.snoozedUntil, now);
        return quiet ? Uni.createFrom().voidItem() : enqueue(changed, type, work);
    }

    private Uni<Void> recover(Signal signal, Work work) {
        List<AlertEntity> open = work.openOf(signal.customerId());
        if (rules.decide(signal, !open.isEmpty()) == AlertRules.Decision.IGNORE) {
            return Uni.createFrom().voidItem();
        }
        // One session: the alerts are resolved one after the other, never concurrently.
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AlertEntity alert : open) {
            chain = chain.chain(() -> resolveByRecovery(alert, signal, work));
        }
        return chain;
    }

    private Uni<Void> resolveByRecovery(AlertEntity alert, Signal signal, Work work) {
        AlertStatus from = alert.status;
        alert.status = AlertLifecycle.resolve(alert.status);
        alert.resolvedAt = work.now;
        alert.updatedAt = alert.resolvedAt;
        alert.scoreAfter = signal.scoreAfter();
        alert.bandAfter = signal.bandAfter();
        alert.lastSignalId = signal.signalId();
        work.resolved(alert.customerId, alert.cause);
        work.transitions.add(AlertTransition.of(alert.id, "resolve", from, alert.status, SYSTEM,
                "recovery signal " + signal.signalId(), alert.resolvedAt));
        return enqueue(alert, AlertEventType.RESOLVED, work);
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
                    .chain(() -> {
                        Work work = new Work();
                        return enqueue(alert, type, work).chain(work::write);
                    }).replaceWith(view(alert));
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
    private Uni<Void> enqueue(AlertEntity alert, AlertEventType type, Work work) {
        registry.counter("ew.alerts.changes", "type", type.wireName(), "severity", alert.severity.name(),
                "cause", alert.cause).increment();
        Instant now = clock.instant();
        String payload = payload(alert, type, now);
        work.events.add(AlertEvent.of(alert.id, type.wireName(), payload, now));
        return work.subscriptions()
                .chain(subs -> {
                    // A flapping alert is on the stream and in the API, but it does not notify each time.
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (SubscriptionEntity sub : alert.flapping ? List.<SubscriptionEntity>of() : subs) {
                        if (sub.filter.matches(alert.severity, alert.segment, alert.cause)) {
                            // One session: subscriptions one after the other, never concurrently.
                            chain = chain.chain(() -> deliver(sub, alert, type, payload, now, work));
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
                              Instant now, Work work) {
        return work.collecting(sub, now).chain(open -> {
            if (open != null) {
                open.payload = WebhookMessage.group(json, open.payload, payload);
                open.eventType = WebhookMessage.BATCH;
                DeliveryAlert.Key key = new DeliveryAlert.Key();
                key.deliveryId = open.id;
                key.alertId = alert.id;
                // The same alert may change twice within one window: it is a member once.
                if (!work.memberKeys.add(key)) {
                    return Uni.createFrom().voidItem();
                }
                return members.findById(key).invoke(existing -> {
                    if (existing == null) {
                        work.members.add(DeliveryAlert.of(open.id, alert.id));
                    }
                }).replaceWithVoid();
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
            if (sub.groupWindowSeconds > 0) {
                work.collecting.put(sub.id, java.util.Optional.of(delivery));
            }
            DeliveryAlert.Key key = new DeliveryAlert.Key();
            key.deliveryId = delivery.id;
            key.alertId = alert.id;
            work.memberKeys.add(key);
            work.deliveries.add(delivery);
            work.members.add(DeliveryAlert.of(delivery.id, alert.id));
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * What one transaction has looked up and written, so a batch of signals asks the database once
     * per kind of thing rather than once per signal: the open alerts of its customers, the episodes
     * resolved within the flapping window, the active subscriptions, and each grouping
     * subscription's delivery still collecting.
     */
    private final class Work {
        final Instant now = clock.instant();
        final Set<String> seen = new HashSet<>();
        final Map<String, List<AlertEntity>> alertsByCustomer = new HashMap<>();
        final Map<String, Integer> resolvedRecently = new HashMap<>();
        final Map<UUID, java.util.Optional<DeliveryEntity>> collecting = new HashMap<>();
        final Set<DeliveryAlert.Key> memberKeys = new HashSet<>();
        // Rows to insert, written table by table in foreign-key order when the work is done, so
        // rows with ids the service assigns go in batched statements.
        final List<ProcessedSignal> processed = new ArrayList<>();
        final List<AlertEntity> alerts = new ArrayList<>();
        final List<AlertTransition> transitions = new ArrayList<>();
        final List<AlertEvent> events = new ArrayList<>();
        final List<DeliveryEntity> deliveries = new ArrayList<>();
        final List<DeliveryAlert> members = new ArrayList<>();
        private List<SubscriptionEntity> active;

        Uni<Void> write() {
            return persist(processed, AlertService.this.processed::persist)
                    .chain(() -> persist(alerts, AlertService.this.alerts::persist))
                    .chain(() -> persist(transitions, AlertService.this.transitions::persist))
                    .chain(() -> persist(events, AlertService.this.events::persist))
                    .chain(() -> persist(deliveries, AlertService.this.deliveries::persist))
                    .chain(() -> persist(members, AlertService.this.members::persist))
                    .chain(() -> AlertService.this.alerts.flush());
        }

        private static <T> Uni<Void> persist(List<T> rows, java.util.function.Function<Iterable<T>, Uni<Void>> all) {
            return rows.isEmpty() ? Uni.createFrom().voidItem() : all.apply(rows);
        }

        void track(AlertEntity alert) {
            alertsByCustomer.computeIfAbsent(alert.customerId, c -> new ArrayList<>()).add(alert);
        }

        AlertEntity open(String customerId, String cause) {
            return openOf(customerId).stream().filter(a -> a.cause.equals(cause)).findFirst().orElse(null);
        }

        List<AlertEntity> openOf(String customerId) {
            return alertsByCustomer.getOrDefault(customerId, List.of()).stream()
                    .filter(a -> a.status != AlertStatus.RESOLVED).toList();
        }

        void resolved(String customerId, String cause) {
            resolvedRecently.merge(customerId + "\u0000" + cause, 1, Integer::sum);
        }

        int resolvedCount(String customerId, String cause) {
            return resolvedRecently.getOrDefault(customerId + "\u0000" + cause, 0);
        }

        Uni<List<SubscriptionEntity>> subscriptions() {
            return active != null ? Uni.createFrom().item(active)
                    : subscriptions.active().invoke(list -> active = list);
        }

        Uni<DeliveryEntity> collecting(SubscriptionEntity sub, Instant at) {
            if (sub.groupWindowSeconds <= 0) {
                return Uni.createFrom().nullItem();
            }
            java.util.Optional<DeliveryEntity> known = collecting.get(sub.id);
            if (known != null) {
                return Uni.createFrom().item(known.orElse(null));
            }
            return AlertService.this.deliveries.collecting(sub.id, at)
                    .invoke(found -> collecting.put(sub.id, java.util.Optional.ofNullable(found)));
        }
    }

    private String payload(AlertEntity alert, AlertEventType type, Instant now) {
        try {
            return json.writeValueAsString(new WebhookMessage(type.wireName(), now, view(alert)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert payload not serialisable", e);
        }
    }
}
