package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

import dev.earlywarning.alerts.domain.Alert;
import dev.earlywarning.alerts.domain.AlertEventType;
import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.domain.CustomerAlerts;
import dev.earlywarning.alerts.domain.GroupingWindow;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.alerts.persistence.AlertEvent;
import dev.earlywarning.alerts.persistence.AlertOutcome;
import dev.earlywarning.alerts.persistence.AlertStore;
import dev.earlywarning.alerts.persistence.AuditEntry;
import dev.earlywarning.alerts.persistence.AuditLog;
import dev.earlywarning.alerts.persistence.AlertTransition;
import dev.earlywarning.alerts.persistence.Delivery;
import dev.earlywarning.alerts.delivery.DeliveryQueue;
import dev.earlywarning.alerts.persistence.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Turns signals and operators' steps into alert changes and outbox deliveries, in one transaction:
 * an alert change is never stored without its notifications, nor notified without being stored. It
 * loads, lets the domain decide ({@link CustomerAlerts}, {@link Alert}), and writes what the steps
 * returned ({@link AlertStore}); metrics are counted once the transaction has committed.
 */
// Created at start: the meters it registers are exported from zero, before its first use.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class AlertService {

    private final AlertStore store;
    private final DeliveryQueue deliveries;
    private final Pool pool;
    private final ObjectMapper json;
    private final AlertsConfig config;
    private final MeterRegistry registry;
    private final Clock clock;

    private final AuditLog audit;

    public AlertService(AlertStore store, DeliveryQueue deliveries, Pool pool, ObjectMapper json,
                        AlertsConfig config, MeterRegistry registry, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.store = store;
        this.deliveries = deliveries;
        this.pool = pool;
        this.json = json;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        // Each severity's timer from the start: the dashboard and the rules see it before the first acknowledgement.
        for (Severity severity : Severity.values()) {
            timeToAcknowledge(severity);
        }
    }

    /**
     * A histogram, with buckets up to a week: the dashboard's quantile panel reads them (without, the
     * panel stayed empty; Micrometer's default buckets end at 30 s).
     */
    private Timer timeToAcknowledge(Severity severity) {
        return Timer.builder("ew.alerts.time.to.acknowledge").description("From an alert's opening to its acknowledgement")
                .tag("severity", severity.name()).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofDays(7)).register(registry);
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
        return step(id, AuditEntry.of(clock.instant(), actor, "acknowledge", "alert", id, note),
                (alert, at) -> alert.acknowledge(actor, note, at));
    }

    public Uni<AlertView> resolve(UUID id, String actor, String note) {
        return step(id, AuditEntry.of(clock.instant(), actor, "resolve", "alert", id, note),
                (alert, at) -> alert.resolve(actor, note, at));
    }

    /** Silences an alert until a time: its updates are stored but not notified meanwhile. */
    public Uni<AlertView> snooze(UUID id, Instant until, String reason, String actor) {
        return step(id, AuditEntry.of(clock.instant(), actor, "snooze", "alert", id,
                "until " + until + (reason == null ? "" : ": " + reason)),
                (alert, at) -> alert.snooze(until, reason, actor, at));
    }

    /** The operator takes the alert on (from whoever had it). */
    public Uni<AlertView> take(UUID id, String actor) {
        return step(id, AuditEntry.of(clock.instant(), actor, "take", "alert", id, null),
                (alert, at) -> alert.take(actor, at));
    }

    /** Gives the alert back to the team. */
    public Uni<AlertView> release(UUID id, String actor) {
        return step(id, AuditEntry.of(clock.instant(), actor, "release", "alert", id, null),
                (alert, at) -> alert.release(actor, at));
    }

    /** An operator's step on one alert. */
    private interface OperatorStep {
        Alert.Step apply(Alert alert, Clock at);
    }

    /**
     * An operator's step: the alert is locked, changed, recorded, audited and notified in one
     * transaction (a step that changes nothing is not audited).
     */
    private Uni<AlertView> step(UUID id, AuditEntry audited, OperatorStep step) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> store.lock(connection, id).chain(alert -> {
            if (alert == null) {
                throw new NotFoundProblem("No alert " + id);
            }
            AlertStatus from = alert.status();
            Alert.Step done = step.apply(alert, Clock.fixed(now, ZoneOffset.UTC));
            if (!done.changed()) {
                return Uni.createFrom().item(new Stepped(null, view(alert)));
            }
            return subscriptions(connection, done, now).chain(known -> {
                Work work = new Work(known, now);
                work.record(alert, done, false);
                if (done.event() == AlertEventType.ACKNOWLEDGED && from != AlertStatus.ACKNOWLEDGED) {
                    Severity severity = alert.severity();
                    Duration open = Duration.between(alert.openedAt(), now);
                    work.afterCommit.add(() -> timeToAcknowledge(severity).record(open));
                }
                return store.write(connection, work.changes).chain(() -> audit.append(connection, audited))
                        .replaceWith(new Stepped(work, view(alert)));
            });
        })).invoke(stepped -> {
            if (stepped.work() != null) {
                stepped.work().committed();
            }
        }).map(Stepped::view);
    }

    /** What notifying a step needs to know (the subscriptions); nothing for a step that notifies no one. */
    private Uni<AlertStore.Known> subscriptions(SqlConnection connection, Alert.Step step, Instant now) {
        if (step.event() == null) {
            return Uni.createFrom().item(new AlertStore.Known(Set.of(), List.of(), Map.of(), List.of(), Map.of()));
        }
        return store.load(connection, List.of(), List.of(), now, now);
    }

    private record Stepped(Work work, AlertView view) {
    }

    /** Records what was done and whether the alert was useful; recording again replaces it. */
    public Uni<AlertOutcome> recordOutcome(UUID id, String actionTaken, boolean useful, String actor) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> store.find(connection, id).chain(alert -> {
            if (alert == null) {
                throw new NotFoundProblem("No alert " + id);
            }
            Alert.Step step = alert.recordOutcome(actionTaken, useful, actor, Clock.fixed(now, ZoneOffset.UTC));
            AlertOutcome outcome = new AlertOutcome(id, actionTaken, useful, step.transition().actor(), now);
            AlertStore.Changes changes = new AlertStore.Changes(now);
            changes.transitions.add(AlertTransition.of(step.transition()));
            return store.saveOutcome(connection, outcome).chain(() -> store.write(connection, changes))
                    .chain(() -> audit.append(connection, AuditEntry.of(now, step.transition().actor(), "outcome",
                            "alert", id, (useful ? "useful: " : "false alarm: ") + actionTaken)))
                    .replaceWith(new Object[] {outcome, alert.cause()});
        })).map(done -> {
            AlertOutcome outcome = (AlertOutcome) done[0];
            registry.counter("ew.alerts.outcomes", "useful", Boolean.toString(useful), "cause", (String) done[1])
                    .increment();
            return outcome;
        });
    }

    public Uni<List<AlertTransition>> transitionsOf(UUID id) {
        return store.find(pool, id).chain(alert -> {
            if (alert == null) {
                throw new NotFoundProblem("No alert " + id);
            }
            return store.transitionsOf(pool, id);
        });
    }

    public Uni<List<AlertOutcome>> outcomes(Boolean useful, int page, int size) {
        return store.outcomes(pool, useful, page, size);
    }

    public Uni<AlertView> get(UUID id) {
        return store.find(pool, id).map(alert -> {
            if (alert == null) {
                throw new NotFoundProblem("No alert " + id);
            }
            return view(alert);
        });
    }

    public Uni<List<AlertView>> search(AlertStore.Filter filter, AlertStore.Order order, int page, int size) {
        return store.search(pool, filter, order, page, size).map(list -> list.stream().map(this::view).toList());
    }

    /** How many alerts match, in all and per status, severity, segment and cause. */
    public Uni<AlertStore.Counts> count(AlertStore.Filter filter) {
        return store.count(pool, filter);
    }

    public Uni<List<Delivery>> deliveriesOf(UUID alertId) {
        return deliveries.ofAlert(alertId);
    }

    private AlertView view(Alert alert) {
        return view(alert.state());
    }

    private AlertView view(Alert.State alert) {
        return AlertView.of(alert, config.linkedScorerUrl());
    }

    /**
     * One transaction's changes: the domain's steps, as rows to write (alerts, their history, stream
     * events and outbox deliveries). Metrics are counted only once the transaction has committed.
     */
    private final class Work {
        final Instant now;
        final Clock at;
        final AlertStore.Known known;
        final AlertStore.Changes changes;
        final Set<String> seen;
        final Map<String, CustomerAlerts> customers = new HashMap<>();
        final Map<String, List<Alert>> openByCustomer = new HashMap<>();
        final List<Runnable> afterCommit = new ArrayList<>();
        /** The trace context of the signal being applied: its deliveries carry it. */
        String trace;

        Work(AlertStore.Known known, Instant now) {
            this.known = known;
            this.now = now;
            this.changes = new AlertStore.Changes(now);
            this.at = Clock.fixed(now, ZoneOffset.UTC);
            this.seen = new HashSet<>(known.processed());
            known.open().forEach(a -> openByCustomer.computeIfAbsent(a.customerId(), c -> new ArrayList<>()).add(a));
        }

        void committed() {
            afterCommit.forEach(Runnable::run);
        }

        void apply(Signal signal) {
            trace = signal.traceparent();
            if (!seen.add(signal.signalId())) {
                afterCommit.add(() -> registry.counter("ew.alerts.signals", "outcome", "duplicate").increment());
                return;
            }
            afterCommit.add(() -> registry.counter("ew.alerts.signals", "outcome", "applied").increment());
            changes.processed.add(signal.signalId());
            if (signal.kind() == Signal.Kind.ENDED || signal.kind() == Signal.Kind.RENEWED) {
                boolean ended = signal.kind() == Signal.Kind.ENDED;
                changes.outcomes.put(signal.customerId(), ended ? AlertStore.CustomerOutcome.ended(signal, now)
                        : AlertStore.CustomerOutcome.renewed(signal, now));
                String outcome = ended ? "ended" : "renewed";
                afterCommit.add(() -> registry.counter("ew.alerts.customer.outcomes", "outcome", outcome).increment());
            }
            for (CustomerAlerts.Change change : alertsOf(signal.customerId()).apply(signal)) {
                record(change.alert(), change.step(), change.opened());
                if (change.opened() && change.alert().flapping()) {
                    String cause = change.alert().cause();
                    afterCommit.add(() -> registry.counter("ew.alerts.flapping", "cause", cause).increment());
                }
            }
        }

        private CustomerAlerts alertsOf(String customerId) {
            return customers.computeIfAbsent(customerId, c -> new CustomerAlerts(
                    openByCustomer.getOrDefault(c, List.of()), known.resolvedRecently(c),
                    new Alert.Flapping(config.flapping().episodes()), UUID::randomUUID, at));
        }

        /** Writes what one step did: the alert, its history entry, its stream event and deliveries. */
        void record(Alert alert, Alert.Step step, boolean opened) {
            changes.changed(alert, opened);
            if (step.transition() != null) {
                changes.transitions.add(AlertTransition.of(step.transition()));
            }
            if (step.event() != null) {
                enqueue(alert, step.event(), step.notifies());
            }
        }

        /** Records the change for the live stream and, when it notifies, one outbox delivery per subscription that wants it. */
        private void enqueue(Alert alert, AlertEventType type, boolean notify) {
            String typeName = type.wireName();
            String severity = alert.severity().name();
            String cause = alert.cause();
            afterCommit.add(() -> registry.counter("ew.alerts.changes", "type", typeName, "severity", severity,
                    "cause", cause).increment());
            String payload = payload(alert, type, now);
            changes.events.add(AlertEvent.of(alert.id(), typeName, payload, now));
            if (!notify) {
                return;
            }
            for (Subscription sub : known.subscriptions()) {
                if (sub.filter().matches(alert.severity(), alert.segment(), alert.cause())) {
                    deliver(sub, alert, type, payload);
                }
            }
        }

        /**
         * Adds the change to the subscription's delivery still collecting in its grouping window,
         * or writes a new delivery (due at once, or at the end of the window when the subscription
         * groups).
         */
        private void deliver(Subscription sub, Alert alert, AlertEventType type, String payload) {
            GroupingWindow window = new GroupingWindow(sub.groupWindowSeconds());
            Delivery open = known.collecting().get(sub.id());
            if (open != null && window.joins(open.attempts(), open.nextAttemptAt(), now)) {
                Delivery grouped = open.carrying(WebhookMessage.BATCH, WebhookMessage.group(json, open.payload(), payload));
                known.collecting().put(sub.id(), grouped);
                int written = changes.deliveries.indexOf(open);
                if (written >= 0) {
                    changes.deliveries.set(written, grouped);
                } else {
                    changes.regrouped.put(grouped.id(), grouped);
                }
                // The same alert may change twice within one window: it is a member once.
                changes.members.add(new Delivery.Member(grouped.id(), alert.id()));
                return;
            }
            Delivery delivery = Delivery.pending(UUID.randomUUID(), sub.id(), alert.id(), type.wireName(), payload,
                    window.dueAt(now), now, trace);
            if (window.groups()) {
                known.collecting().put(sub.id(), delivery);
            }
            changes.deliveries.add(delivery);
            changes.members.add(new Delivery.Member(delivery.id(), alert.id()));
        }
    }

    private String payload(Alert alert, AlertEventType type, Instant now) {
        try {
            return json.writeValueAsString(new WebhookMessage(type.wireName(), now, view(alert)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert payload not serialisable", e);
        }
    }
}
