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
import dev.earlywarning.alerts.persistence.AlertChangeStore;
import dev.earlywarning.alerts.persistence.AlertEntity;
import dev.earlywarning.alerts.persistence.DeliveryAlert;
import dev.earlywarning.alerts.persistence.AlertEvent;
import dev.earlywarning.alerts.persistence.AlertOutcome;
import dev.earlywarning.alerts.persistence.AlertOutcomeRepository;
import dev.earlywarning.alerts.persistence.AlertTransition;
import dev.earlywarning.alerts.persistence.AlertTransitionRepository;
import dev.earlywarning.alerts.persistence.AlertRepository;
import dev.earlywarning.alerts.persistence.DeliveryEntity;
import dev.earlywarning.alerts.persistence.DeliveryRepository;
import dev.earlywarning.alerts.persistence.SubscriptionEntity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns signals into alerts and alert changes into outbox deliveries, in one transaction: an alert
 * change is never stored without its notifications, nor notified without being stored. Signals and
 * operators' steps go through plain SQL ({@link AlertChangeStore}); reads and the rarer steps
 * (snooze, outcomes) through entities.
 */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final AlertTransitionRepository transitions;
    private final AlertOutcomeRepository outcomes;
    private final DeliveryRepository deliveries;
    private final AlertChangeStore store;
    private final Pool pool;
    private final ObjectMapper json;
    private final AlertsConfig config;
    private final MeterRegistry registry;
    private static final String SYSTEM = "system";
    private final AlertRules rules = new AlertRules();
    private final Clock clock = Clock.systemUTC();

    public AlertService(AlertRepository alerts, AlertTransitionRepository transitions, AlertOutcomeRepository outcomes,
                        DeliveryRepository deliveries, AlertChangeStore store, Pool pool, ObjectMapper json,
                        AlertsConfig config, MeterRegistry registry) {
        this.alerts = alerts;
        this.transitions = transitions;
        this.outcomes = outcomes;
        this.deliveries = deliveries;
        this.store = store;
        this.pool = pool;
        this.json = json;
        this.config = config;
        this.registry = registry;
    }

    /** Applies a signal once; a signal id seen before changes nothing. */
    public Uni<Void> onSignal(Signal signal) {
        return onSignals(List.of(signal));
    }

    /**
     * Applies a batch of signals in their order, in one transaction; a signal id seen before, in an
     * earlier batch or earlier in this one, changes nothing. Either the whole batch is applied or
     * none of it. The batch asks the database once for what it needs to know (ids already
     * processed, the open alerts of its customers, recently resolved episodes, active
     * subscriptions, grouping deliveries still collecting), decides in memory, and writes each
     * table's rows in one statement.
     */
    public Uni<Void> onSignals(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        List<String> ids = signals.stream().map(Signal::signalId).distinct().toList();
        List<String> customers = signals.stream().map(Signal::customerId).distinct().toList();
        return pool.withTransaction(connection -> store.load(connection, ids, customers,
                        now.minus(config.flapping().window()), now)
                .chain(known -> {
                    Work work = new Work(known, now);
                    signals.forEach(work::apply);
                    return store.write(connection, work.changes).replaceWith(work);
                }))
                .invoke(Work::committed)
                .replaceWithVoid();
    }

    public Uni<AlertView> acknowledge(UUID id, String actor, String note) {
        return transition(id, AlertEventType.ACKNOWLEDGED, actor, note);
    }

    public Uni<AlertView> resolve(UUID id, String actor, String note) {
        return transition(id, AlertEventType.RESOLVED, actor, note);
    }

    /** An operator's step: the alert is locked, changed, recorded and notified in one transaction. */
    private Uni<AlertView> transition(UUID id, AlertEventType type, String actor, String note) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> store.lock(connection, id).chain(alert -> {
            if (alert == null) {
                throw new NotFoundProblem("No alert " + id);
            }
            AlertStatus from = alert.status;
            AlertStatus next = type == AlertEventType.ACKNOWLEDGED
                    ? AlertLifecycle.acknowledge(alert.status) : AlertLifecycle.resolve(alert.status);
            if (next == from) {
                return Uni.createFrom().item(new Stepped(null, view(alert)));
            }
            alert.status = next;
            alert.updatedAt = now;
            if (next == AlertStatus.ACKNOWLEDGED) {
                alert.acknowledgedAt = now;
            } else {
                alert.resolvedAt = now;
                alert.resolution = "operator";
            }
            return store.load(connection, List.of(), List.of(), now, now).chain(known -> {
                Work work = new Work(known, now);
                work.changes.updated.put(alert.id, alert);
                work.changes.transitions.add(AlertTransition.of(alert.id, type == AlertEventType.ACKNOWLEDGED
                        ? "acknowledge" : "resolve", from, next, actor(actor), note, now));
                work.enqueue(alert, type);
                if (next == AlertStatus.ACKNOWLEDGED) {
                    // A histogram, with buckets up to a week: the dashboard's quantile panel reads them
                    // (without, the panel stayed empty; Micrometer's default buckets end at 30 s).
                    work.afterCommit.add(() -> io.micrometer.core.instrument.Timer.builder("ew.alerts.time.to.acknowledge")
                            .description("From an alert's opening to its acknowledgement")
                            .tag("severity", alert.severity.name()).publishPercentileHistogram()
                            .maximumExpectedValue(java.time.Duration.ofDays(7)).register(registry)
                            .record(java.time.Duration.between(alert.openedAt, now)));
                }
                return store.write(connection, work.changes).replaceWith(new Stepped(work, view(alert)));
            });
        })).invoke(stepped -> {
            if (stepped.work() != null) {
                stepped.work().committed();
            }
        }).map(Stepped::view);
    }

    private record Stepped(Work work, AlertView view) {
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
                                       String cause, boolean byRisk, int page, int size) {
        return alerts.search(status, customerId, severity, segment, cause, byRisk, page, size)
                .map(list -> list.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<List<DeliveryEntity>> deliveriesOf(UUID alertId) {
        return deliveries.ofAlert(alertId);
    }

    private AlertView view(AlertEntity alert) {
        return AlertView.of(alert, config.scorerUrl());
    }

    /**
     * One transaction's decisions, made in memory from what the store looked up: which alerts open,
     * change or resolve, their transitions, stream events and outbox deliveries. Metrics are
     * counted only once the transaction has committed.
     */
    private final class Work {
        final Instant now;
        final AlertChangeStore.Known known;
        final AlertChangeStore.Changes changes = new AlertChangeStore.Changes();
        final Set<String> seen;
        final Map<String, List<AlertEntity>> alertsByCustomer = new HashMap<>();
        final Map<String, Integer> resolvedRecently;
        final List<Runnable> afterCommit = new ArrayList<>();

        Work(AlertChangeStore.Known known, Instant now) {
            this.known = known;
            this.now = now;
            this.seen = new HashSet<>(known.processed());
            this.resolvedRecently = new HashMap<>(known.resolvedRecently());
            known.open().forEach(this::track);
        }

        void committed() {
            afterCommit.forEach(Runnable::run);
        }

        void apply(Signal signal) {
            if (!seen.add(signal.signalId())) {
                afterCommit.add(() -> registry.counter("ew.alerts.signals", "outcome", "duplicate").increment());
                return;
            }
            afterCommit.add(() -> registry.counter("ew.alerts.signals", "outcome", "applied").increment());
            changes.processed.add(signal.signalId());
            switch (signal.kind()) {
                case RECOVERED -> recover(signal, "recovered", "recovery signal " + signal.signalId());
                case ENDED -> {
                    changes.outcomes.put(signal.customerId(), AlertChangeStore.CustomerOutcome.ended(signal, now));
                    recover(signal, "churned", "the customer left (signal " + signal.signalId() + ")");
                    afterCommit.add(() -> registry.counter("ew.alerts.customer.outcomes", "outcome", "ended").increment());
                }
                case RENEWED -> {
                    changes.outcomes.put(signal.customerId(), AlertChangeStore.CustomerOutcome.renewed(signal, now));
                    afterCommit.add(() -> registry.counter("ew.alerts.customer.outcomes", "outcome", "renewed").increment());
                }
                case RISK_RAISED -> raise(signal);
            }
        }

        private void raise(Signal signal) {
            AlertEntity open = open(signal.customerId(), signal.cause());
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
                alert.flapping = resolvedRecently.getOrDefault(
                        AlertChangeStore.episodeKey(signal.customerId(), signal.cause()), 0) >= config.flapping().episodes();
                if (alert.flapping) {
                    String cause = alert.cause;
                    afterCommit.add(() -> registry.counter("ew.alerts.flapping", "cause", cause).increment());
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
            alert.risk = signal.risk();
            alert.updatedAt = now;
            if (open == null) {
                track(alert);
                changes.opened.add(alert);
                changes.transitions.add(AlertTransition.of(alert.id, "open", null, AlertStatus.OPEN, SYSTEM,
                        "signal " + signal.signalId() + " (" + signal.cause() + ")", now));
            } else if (!changes.opened.contains(alert)) {
                changes.updated.put(alert.id, alert);
            }
            // While snoozed, updates are stored but not notified.
            if (!(type == AlertEventType.UPDATED && AlertLifecycle.snoozed(alert.snoozedUntil, now))) {
                enqueue(alert, type);
            }
        }

        private void recover(Signal signal, String resolution, String note) {
            List<AlertEntity> open = openOf(signal.customerId());
            if (rules.decide(signal, !open.isEmpty()) == AlertRules.Decision.IGNORE) {
                return;
            }
            for (AlertEntity alert : open) {
                AlertStatus from = alert.status;
                alert.status = AlertLifecycle.resolve(alert.status);
                alert.resolvedAt = now;
                alert.updatedAt = now;
                alert.scoreAfter = signal.scoreAfter();
                alert.bandAfter = signal.bandAfter();
                alert.lastSignalId = signal.signalId();
                alert.resolution = resolution;
                if (signal.risk() != null) {
                    alert.risk = signal.risk();
                }
                if (!changes.opened.contains(alert)) {
                    changes.updated.put(alert.id, alert);
                }
                resolvedRecently.merge(AlertChangeStore.episodeKey(alert.customerId, alert.cause), 1, Integer::sum);
                changes.transitions.add(AlertTransition.of(alert.id, "resolve", from, alert.status, SYSTEM, note, now));
                enqueue(alert, AlertEventType.RESOLVED);
            }
        }

        /** Records the change for the live stream and writes one outbox delivery per subscription that wants it. */
        void enqueue(AlertEntity alert, AlertEventType type) {
            String typeName = type.wireName();
            String severity = alert.severity.name();
            String cause = alert.cause;
            afterCommit.add(() -> registry.counter("ew.alerts.changes", "type", typeName, "severity", severity,
                    "cause", cause).increment());
            String payload = payload(alert, type, now);
            changes.events.add(AlertEvent.of(alert.id, typeName, payload, now));
            // A flapping alert is on the stream and in the API, but it does not notify each time.
            if (alert.flapping) {
                return;
            }
            for (SubscriptionEntity sub : known.subscriptions()) {
                if (sub.filter.matches(alert.severity, alert.segment, alert.cause)) {
                    deliver(sub, alert, type, payload);
                }
            }
        }

        /**
         * Adds the change to the subscription's delivery still collecting in its grouping window,
         * or writes a new delivery (due at once, or at the end of the window when the subscription
         * groups).
         */
        private void deliver(SubscriptionEntity sub, AlertEntity alert, AlertEventType type, String payload) {
            DeliveryEntity open = sub.groupWindowSeconds > 0 ? known.collecting().get(sub.id) : null;
            if (open != null) {
                open.payload = WebhookMessage.group(json, open.payload, payload);
                open.eventType = WebhookMessage.BATCH;
                if (!changes.deliveries.contains(open)) {
                    changes.regrouped.put(open.id, open);
                }
                // The same alert may change twice within one window: it is a member once.
                changes.members.add(DeliveryAlert.Key.of(open.id, alert.id));
                return;
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
                known.collecting().put(sub.id, delivery);
            }
            changes.deliveries.add(delivery);
            changes.members.add(DeliveryAlert.Key.of(delivery.id, alert.id));
        }

        private void track(AlertEntity alert) {
            alertsByCustomer.computeIfAbsent(alert.customerId, c -> new ArrayList<>()).add(alert);
        }

        private AlertEntity open(String customerId, String cause) {
            return openOf(customerId).stream().filter(a -> a.cause.equals(cause)).findFirst().orElse(null);
        }

        private List<AlertEntity> openOf(String customerId) {
            return alertsByCustomer.getOrDefault(customerId, List.of()).stream()
                    .filter(a -> a.status != AlertStatus.RESOLVED).toList();
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
