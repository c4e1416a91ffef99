package dev.earlywarning.alerts.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One alert about one customer and cause, and every rule of its life: opening (flapping decided
 * there), updates (severity only escalates; a snoozed alert's updates are kept quiet), recovery, the
 * operators' acknowledge, resolve and snooze. Each step checks the state, changes it and returns
 * what happened ({@link Step}): the history entry, and the change to stream and notify, if any. The
 * service loads alerts, calls these steps and writes what they return; it decides nothing itself.
 */
public final class Alert {

    /** Who made a step the system took on a signal. */
    public static final String SYSTEM = "system";

    /** How an alert was resolved. */
    public static final String RECOVERED = "recovered";
    public static final String OPERATOR = "operator";
    public static final String CHURNED = "churned";

    private final UUID id;
    private final String customerId;
    private final String cause;
    private final Integer scoreBefore;
    private final String bandBefore;
    private final Instant openedAt;
    private final boolean flapping;
    private String segment;
    private AlertStatus status;
    private Severity severity;
    private int scoreAfter;
    private String bandAfter;
    private List<Signal.Driver> drivers;
    private String recommendedAction;
    private String lastSignalId;
    private Double risk;
    private String resolution;
    private Instant updatedAt;
    private Instant acknowledgedAt;
    private Instant resolvedAt;
    private Instant snoozedUntil;
    private String snoozeReason;
    private String assignee;
    private long version;

    /** An alert as stored: every field, as the store reads it back. */
    public record State(UUID id, String customerId, String segment, String cause, AlertStatus status,
                        Severity severity, Integer scoreBefore, int scoreAfter, String bandBefore, String bandAfter,
                        List<Signal.Driver> drivers, String recommendedAction, String lastSignalId, Instant openedAt,
                        Instant updatedAt, Instant acknowledgedAt, Instant resolvedAt, Instant snoozedUntil,
                        String snoozeReason, boolean flapping, long version, Double risk, String resolution,
                        String assignee) {
    }

    /** One entry in the alert's history: who did what, from which status to which, when and why. */
    public record Transition(UUID alertId, String action, AlertStatus from, AlertStatus to, String actor, String note,
                             Instant at) {
    }

    /**
     * What a step did: its history entry (null when it changed nothing), the change to put on the
     * live stream (null for none), and whether subscribers are notified of that change ({@code notifies}) (not for a
     * flapping alert, nor an update while snoozed).
     */
    public record Step(Transition transition, AlertEventType event, boolean notifies) {

        static final Step NOTHING = new Step(null, null, false);

        public boolean changed() {
            return transition != null || event != null;
        }
    }

    /** What opening an alert produced: the alert and the step. */
    public record Opened(Alert alert, Step step) {
    }

    /**
     * How often a customer and cause may open and resolve before its alerts stop notifying: this many
     * episodes resolved within the window make the next alert a flapping one.
     */
    public record Flapping(int episodes) {
        public boolean flaps(int resolvedRecently) {
            return resolvedRecently >= episodes;
        }
    }

    private Alert(State s) {
        this.id = Objects.requireNonNull(s.id());
        this.customerId = s.customerId();
        this.segment = s.segment();
        this.cause = s.cause();
        this.status = s.status();
        this.severity = s.severity();
        this.scoreBefore = s.scoreBefore();
        this.scoreAfter = s.scoreAfter();
        this.bandBefore = s.bandBefore();
        this.bandAfter = s.bandAfter();
        this.drivers = s.drivers() == null ? List.of() : List.copyOf(s.drivers());
        this.recommendedAction = s.recommendedAction();
        this.lastSignalId = s.lastSignalId();
        this.openedAt = s.openedAt();
        this.updatedAt = s.updatedAt();
        this.acknowledgedAt = s.acknowledgedAt();
        this.resolvedAt = s.resolvedAt();
        this.snoozedUntil = s.snoozedUntil();
        this.snoozeReason = s.snoozeReason();
        this.flapping = s.flapping();
        this.version = s.version();
        this.risk = s.risk();
        this.resolution = s.resolution();
        this.assignee = s.assignee();
    }

    /** An alert read back from the store. */
    public static Alert restore(State state) {
        return new Alert(state);
    }

    /**
     * Opens an alert for a signal's customer and cause.
     *
     * @param resolvedRecently how many episodes of this customer and cause resolved within the flapping window
     */
    public static Opened raise(UUID id, Signal signal, int resolvedRecently, Flapping flapping, Clock clock) {
        if (signal.kind() != Signal.Kind.RISK_RAISED) {
            throw new IllegalArgumentException("Only a raised risk opens an alert, not " + signal.kind());
        }
        Instant now = clock.instant();
        Alert alert = new Alert(new State(id, signal.customerId(), signal.segment(), signal.cause(), AlertStatus.OPEN,
                signal.severity(), signal.scoreBefore(), signal.scoreAfter(), signal.bandBefore(), signal.bandAfter(),
                signal.drivers(), signal.recommendedAction(), signal.signalId(), now, now, null, null, null, null,
                flapping.flaps(resolvedRecently), 0, signal.risk(), null, null));
        Transition opened = new Transition(id, "open", null, AlertStatus.OPEN, SYSTEM,
                "signal " + signal.signalId() + " (" + signal.cause() + ")", now);
        return new Opened(alert, new Step(opened, AlertEventType.OPENED, !alert.flapping));
    }

    /**
     * The customer's risk was raised again for this cause while the alert is open: it takes the
     * signal's score, drivers and risk; its severity only escalates. Not notified while snoozed.
     */
    public Step update(Signal signal, Clock clock) {
        requireUnresolved("updated");
        Instant now = clock.instant();
        severity = signal.severity().atLeast(severity) ? signal.severity() : severity;
        segment = signal.segment();
        scoreAfter = signal.scoreAfter();
        bandAfter = signal.bandAfter();
        drivers = signal.drivers() == null ? List.of() : List.copyOf(signal.drivers());
        recommendedAction = signal.recommendedAction();
        lastSignalId = signal.signalId();
        risk = signal.risk();
        updatedAt = now;
        return new Step(null, AlertEventType.UPDATED, !flapping && !snoozed(now));
    }

    /**
     * The customer recovered ({@link #RECOVERED}) or left ({@link #CHURNED}): the alert resolves with
     * the signal's score, and its risk when the signal has one. Nothing happens to a resolved alert.
     */
    public Step recover(Signal signal, String how, String note, Clock clock) {
        if (status == AlertStatus.RESOLVED) {
            return Step.NOTHING;
        }
        Instant now = clock.instant();
        AlertStatus from = status;
        status = AlertStatus.RESOLVED;
        resolvedAt = now;
        updatedAt = now;
        scoreAfter = signal.scoreAfter();
        bandAfter = signal.bandAfter();
        lastSignalId = signal.signalId();
        resolution = how;
        if (signal.risk() != null) {
            risk = signal.risk();
        }
        return new Step(new Transition(id, "resolve", from, status, SYSTEM, note, now), AlertEventType.RESOLVED,
                !flapping);
    }

    /** An operator takes the alert on; again is a no-op, a resolved alert cannot be. */
    public Step acknowledge(String actor, String note, Clock clock) {
        if (status == AlertStatus.RESOLVED) {
            throw new IllegalTransitionException("A resolved alert cannot be acknowledged");
        }
        if (status == AlertStatus.ACKNOWLEDGED) {
            return Step.NOTHING;
        }
        Instant now = clock.instant();
        AlertStatus from = status;
        status = AlertStatus.ACKNOWLEDGED;
        acknowledgedAt = now;
        updatedAt = now;
        return new Step(new Transition(id, "acknowledge", from, status, actor(actor), note, now),
                AlertEventType.ACKNOWLEDGED, !flapping);
    }

    /** An operator closes the alert; again is a no-op. */
    public Step resolve(String actor, String note, Clock clock) {
        if (status == AlertStatus.RESOLVED) {
            return Step.NOTHING;
        }
        Instant now = clock.instant();
        AlertStatus from = status;
        status = AlertStatus.RESOLVED;
        resolvedAt = now;
        updatedAt = now;
        resolution = OPERATOR;
        return new Step(new Transition(id, "resolve", from, status, actor(actor), note, now), AlertEventType.RESOLVED,
                !flapping);
    }

    /**
     * Keeps the alert's updates quiet until a future time; the status stays. Not for a resolved alert.
     * The snooze itself is on the live stream, not notified.
     */
    public Step snooze(Instant until, String reason, String actor, Clock clock) {
        Instant now = clock.instant();
        if (status == AlertStatus.RESOLVED) {
            throw new IllegalTransitionException("A resolved alert cannot be snoozed");
        }
        if (until == null || !until.isAfter(now)) {
            throw new IllegalArgumentException("until must be a time in the future");
        }
        snoozedUntil = until;
        snoozeReason = reason;
        updatedAt = now;
        // On the live stream (every open console shows it at once), not notified to subscribers.
        return new Step(new Transition(id, "snooze", status, status, actor(actor),
                "until " + until + (reason == null ? "" : ": " + reason), now), AlertEventType.UPDATED, false);
    }

    /**
     * An operator takes the alert on, from whoever had it (the history says from whom); taking one's
     * own alert again is a no-op, a resolved alert cannot be taken. On the live stream, not notified.
     */
    public Step take(String actor, Clock clock) {
        if (status == AlertStatus.RESOLVED) {
            throw new IllegalTransitionException("A resolved alert cannot be taken");
        }
        String taker = actor(actor);
        if (taker.equals(assignee)) {
            return Step.NOTHING;
        }
        Instant now = clock.instant();
        String note = assignee == null ? null : "from " + assignee;
        assignee = taker;
        updatedAt = now;
        return new Step(new Transition(id, "take", status, status, taker, note, now), AlertEventType.UPDATED, false);
    }

    /** Gives the alert back to the team; an alert nobody has is a no-op. */
    public Step release(String actor, Clock clock) {
        if (assignee == null) {
            return Step.NOTHING;
        }
        Instant now = clock.instant();
        String note = "was " + assignee;
        assignee = null;
        updatedAt = now;
        return new Step(new Transition(id, "release", status, status, actor(actor), note, now), AlertEventType.UPDATED,
                false);
    }

    /** An operator says what was done and whether the alert was useful: history only, no state change. */
    public Step recordOutcome(String actionTaken, boolean useful, String actor, Clock clock) {
        return new Step(new Transition(id, "outcome", status, status, actor(actor),
                (useful ? "useful: " : "false alarm: ") + actionTaken, clock.instant()), null, false);
    }

    /** Whether the alert is snoozed at {@code now}. */
    public boolean snoozed(Instant now) {
        return snoozedUntil != null && now.isBefore(snoozedUntil);
    }

    public boolean resolved() {
        return status == AlertStatus.RESOLVED;
    }

    /** Everything the alert holds, as the store writes it. */
    public State state() {
        return new State(id, customerId, segment, cause, status, severity, scoreBefore, scoreAfter, bandBefore,
                bandAfter, drivers, recommendedAction, lastSignalId, openedAt, updatedAt, acknowledgedAt, resolvedAt,
                snoozedUntil, snoozeReason, flapping, version, risk, resolution, assignee);
    }

    public UUID id() {
        return id;
    }

    /** Who took the alert on, or null. */
    public String assignee() {
        return assignee;
    }

    public String customerId() {
        return customerId;
    }

    public String cause() {
        return cause;
    }

    public String segment() {
        return segment;
    }

    public AlertStatus status() {
        return status;
    }

    public Severity severity() {
        return severity;
    }

    public boolean flapping() {
        return flapping;
    }

    public Instant openedAt() {
        return openedAt;
    }

    private void requireUnresolved(String what) {
        if (status == AlertStatus.RESOLVED) {
            throw new IllegalTransitionException("A resolved alert cannot be " + what);
        }
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "anonymous" : actor;
    }
}
