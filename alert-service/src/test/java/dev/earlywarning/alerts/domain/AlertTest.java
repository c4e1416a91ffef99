package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The alert's state machine and rules: plain Java, time from a fixed clock. */
class AlertTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final Clock AT_T0 = Clock.fixed(T0, ZoneOffset.UTC);
    static final Alert.Flapping TWO_EPISODES = new Alert.Flapping(2);

    static Clock at(Duration later) {
        return Clock.fixed(T0.plus(later), ZoneOffset.UTC);
    }

    static Signal raised(String id, String cause, Severity severity, Double risk) {
        return new Signal(id, Signal.Kind.RISK_RAISED, "C-1", "retail", cause, severity, 80, 40, "HEALTHY", "AT_RISK",
                List.of(new Signal.Driver(cause, -30, "why", "JOURNEY", List.of("e1"), "act")), "act", "e1", T0, risk);
    }

    static Signal recovered(String id) {
        return new Signal(id, Signal.Kind.RECOVERED, "C-1", "retail", "recovered", Severity.INFO, 40, 85, "AT_RISK",
                "HEALTHY", List.of(), null, "e9", T0, 0.01);
    }

    static Alert open(Severity severity) {
        return Alert.raise(UUID.randomUUID(), raised("s1", "repeat-contact", severity, 0.2), 0, TWO_EPISODES, AT_T0)
                .alert();
    }

    @Test
    void aRaisedRiskOpensAnAlertWithTheSignalsFactsAndNotifies() {
        Alert.Opened opened = Alert.raise(UUID.randomUUID(), raised("s1", "repeat-contact", Severity.CRITICAL, 0.3), 0,
                TWO_EPISODES, AT_T0);
        Alert.State state = opened.alert().state();
        assertThat(state.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(state.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(state.scoreBefore()).isEqualTo(80);
        assertThat(state.scoreAfter()).isEqualTo(40);
        assertThat(state.risk()).isEqualTo(0.3);
        assertThat(state.openedAt()).isEqualTo(T0);
        assertThat(state.flapping()).isFalse();
        assertThat(opened.step().event()).isEqualTo(AlertEventType.OPENED);
        assertThat(opened.step().notifies()).isTrue();
        assertThat(opened.step().transition().action()).isEqualTo("open");
        assertThat(opened.step().transition().to()).isEqualTo(AlertStatus.OPEN);
        assertThat(opened.step().transition().actor()).isEqualTo(Alert.SYSTEM);
    }

    @Test
    void onlyARaisedRiskOpensAnAlert() {
        assertThatThrownBy(() -> Alert.raise(UUID.randomUUID(), recovered("s2"), 0, TWO_EPISODES, AT_T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> flapping() {
        return Stream.of(Arguments.of(0, false), Arguments.of(1, false), Arguments.of(2, true), Arguments.of(5, true));
    }

    @ParameterizedTest(name = "{0} episodes resolved recently: flapping {1}")
    @MethodSource
    void flapping(int resolvedRecently, boolean flaps) {
        Alert.Opened opened = Alert.raise(UUID.randomUUID(), raised("s1", "silence", Severity.WARNING, null),
                resolvedRecently, TWO_EPISODES, AT_T0);
        assertThat(opened.alert().flapping()).isEqualTo(flaps);
        // A flapping alert is on the stream but does not notify.
        assertThat(opened.step().event()).isEqualTo(AlertEventType.OPENED);
        assertThat(opened.step().notifies()).isEqualTo(!flaps);
    }

    static Stream<Arguments> escalation() {
        return Stream.of(
                Arguments.of(Severity.WARNING, Severity.CRITICAL, Severity.CRITICAL),
                Arguments.of(Severity.CRITICAL, Severity.WARNING, Severity.CRITICAL),
                Arguments.of(Severity.INFO, Severity.WARNING, Severity.WARNING),
                Arguments.of(Severity.WARNING, Severity.WARNING, Severity.WARNING));
    }

    @ParameterizedTest(name = "open at {0}, signal at {1}: {2}")
    @MethodSource
    void escalation(Severity open, Severity incoming, Severity after) {
        Alert alert = open(open);
        Alert.Step step = alert.update(raised("s2", "repeat-contact", incoming, 0.5), at(Duration.ofMinutes(5)));
        assertThat(alert.severity()).isEqualTo(after);
        assertThat(alert.state().risk()).isEqualTo(0.5);
        assertThat(alert.state().lastSignalId()).isEqualTo("s2");
        assertThat(alert.state().updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(step.event()).isEqualTo(AlertEventType.UPDATED);
        assertThat(step.transition()).isNull();
        assertThat(step.notifies()).isTrue();
    }

    @Test
    void aSnoozedAlertsUpdatesAreKeptButNotNotifiedUntilTheSnoozeEnds() {
        Alert alert = open(Severity.WARNING);
        Alert.Step snoozed = alert.snooze(T0.plus(Duration.ofHours(1)), "on it", "ops", AT_T0);
        assertThat(snoozed.transition().action()).isEqualTo("snooze");
        assertThat(snoozed.transition().note()).isEqualTo("until 2026-11-30T11:00:00Z: on it");
        // Every open console sees the snooze at once; subscribers are not told.
        assertThat(snoozed.event()).isEqualTo(AlertEventType.UPDATED);
        assertThat(snoozed.notifies()).isFalse();
        assertThat(alert.status()).isEqualTo(AlertStatus.OPEN);

        Alert.Step during = alert.update(raised("s2", "repeat-contact", Severity.CRITICAL, 0.6), at(Duration.ofMinutes(30)));
        assertThat(during.event()).isEqualTo(AlertEventType.UPDATED);
        assertThat(during.notifies()).isFalse();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);

        Alert.Step after = alert.update(raised("s3", "repeat-contact", Severity.CRITICAL, 0.6), at(Duration.ofHours(1)));
        assertThat(after.notifies()).isTrue();
    }

    static Stream<Arguments> snoozeRefused() {
        return Stream.of(Arguments.of(T0.minusSeconds(1), false, IllegalArgumentException.class),
                Arguments.of(T0, false, IllegalArgumentException.class),
                Arguments.of(null, false, IllegalArgumentException.class),
                Arguments.of(T0.plusSeconds(60), true, IllegalTransitionException.class));
    }

    @ParameterizedTest(name = "until {0}, resolved {1}: {2}")
    @MethodSource
    void snoozeRefused(Instant until, boolean resolved, Class<? extends Throwable> refusal) {
        Alert alert = open(Severity.WARNING);
        if (resolved) {
            alert.resolve("ops", null, AT_T0);
        }
        assertThatThrownBy(() -> alert.snooze(until, null, "ops", AT_T0)).isInstanceOf(refusal);
    }

    /** The operators' lifecycle: each step from each status, what it becomes and whether it changed. */
    static Stream<Arguments> lifecycle() {
        BiFunction<Alert, Clock, Alert.Step> acknowledge = (a, c) -> a.acknowledge("ops", "mine", c);
        BiFunction<Alert, Clock, Alert.Step> resolve = (a, c) -> a.resolve("ops", "done", c);
        return Stream.of(
                Arguments.of("acknowledge an open alert", List.of(), acknowledge, AlertStatus.ACKNOWLEDGED, true),
                Arguments.of("acknowledge again", List.of(acknowledge), acknowledge, AlertStatus.ACKNOWLEDGED, false),
                Arguments.of("resolve an open alert", List.of(), resolve, AlertStatus.RESOLVED, true),
                Arguments.of("resolve an acknowledged alert", List.of(acknowledge), resolve, AlertStatus.RESOLVED, true),
                Arguments.of("resolve again", List.of(resolve), resolve, AlertStatus.RESOLVED, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void lifecycle(String name, List<BiFunction<Alert, Clock, Alert.Step>> before,
                   BiFunction<Alert, Clock, Alert.Step> step, AlertStatus after, boolean changes) {
        Alert alert = open(Severity.WARNING);
        before.forEach(b -> b.apply(alert, AT_T0));
        AlertStatus from = alert.status();
        Alert.Step done = step.apply(alert, at(Duration.ofMinutes(1)));
        assertThat(alert.status()).isEqualTo(after);
        assertThat(done.changed()).isEqualTo(changes);
        if (changes) {
            assertThat(done.transition().from()).isEqualTo(from);
            assertThat(done.transition().to()).isEqualTo(after);
            assertThat(done.transition().actor()).isEqualTo("ops");
            assertThat(done.event()).isIn(AlertEventType.ACKNOWLEDGED, AlertEventType.RESOLVED);
        }
    }

    @Test
    void anOperatorsResolutionIsRecordedAsSuch() {
        Alert alert = open(Severity.WARNING);
        alert.acknowledge(null, null, AT_T0);
        alert.resolve("ops", null, at(Duration.ofMinutes(2)));
        assertThat(alert.state().acknowledgedAt()).isEqualTo(T0);
        assertThat(alert.state().resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(alert.state().resolution()).isEqualTo(Alert.OPERATOR);
    }

    @Test
    void aResolvedAlertCannotBeAcknowledgedOrUpdated() {
        Alert alert = open(Severity.WARNING);
        alert.resolve("ops", null, AT_T0);
        assertThatThrownBy(() -> alert.acknowledge("ops", null, AT_T0)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> alert.update(raised("s2", "repeat-contact", Severity.WARNING, null), AT_T0))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void anOperatorTakesAnAlertFromWhoeverHadItOnTheStreamButNotNotified() {
        Alert alert = open(Severity.WARNING);
        Alert.Step taken = alert.take("ann", at(Duration.ofMinutes(1)));
        assertThat(alert.assignee()).isEqualTo("ann");
        assertThat(alert.state().assignee()).isEqualTo("ann");
        assertThat(alert.state().updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(taken.transition().action()).isEqualTo("take");
        assertThat(taken.transition().actor()).isEqualTo("ann");
        assertThat(taken.transition().note()).isNull();
        assertThat(taken.event()).isEqualTo(AlertEventType.UPDATED);
        assertThat(taken.notifies()).isFalse();
        assertThat(alert.take("ann", AT_T0).changed()).as("taking one's own alert again").isFalse();

        Alert.Step takenOver = alert.take("bob", AT_T0);
        assertThat(alert.assignee()).isEqualTo("bob");
        assertThat(takenOver.transition().note()).isEqualTo("from ann");
        assertThat(alert.status()).as("taking changes no status").isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void aReleasedAlertHasNobodyAndAResolvedOneCannotBeTakenButKeepsWhoHadIt() {
        Alert alert = open(Severity.WARNING);
        assertThat(alert.release("ann", AT_T0).changed()).as("releasing an alert nobody has").isFalse();
        alert.take("ann", AT_T0);
        Alert.Step released = alert.release("bob", AT_T0);
        assertThat(alert.assignee()).isNull();
        assertThat(released.transition().actor()).isEqualTo("bob");
        assertThat(released.transition().note()).isEqualTo("was ann");
        alert.take("ann", AT_T0);
        alert.resolve("ann", null, AT_T0);
        assertThat(alert.assignee()).isEqualTo("ann");
        assertThatThrownBy(() -> alert.take("bob", AT_T0)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void anAnonymousOperatorIsNamedSo() {
        Alert alert = open(Severity.WARNING);
        assertThat(alert.acknowledge(" ", null, AT_T0).transition().actor()).isEqualTo("anonymous");
    }

    @Test
    void recoveryResolvesWithTheSignalsScoreAndKeepsTheLastRiskWhenTheSignalHasNone() {
        Alert alert = open(Severity.WARNING);
        Signal noRisk = new Signal("s5", Signal.Kind.RECOVERED, "C-1", "retail", "recovered", Severity.INFO, 40, 90,
                "AT_RISK", "HEALTHY", List.of(), null, "e9", T0, null);
        Alert.Step step = alert.recover(noRisk, Alert.RECOVERED, "recovery signal s5", at(Duration.ofDays(1)));
        Alert.State state = alert.state();
        assertThat(state.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(state.resolution()).isEqualTo(Alert.RECOVERED);
        assertThat(state.scoreAfter()).isEqualTo(90);
        assertThat(state.bandAfter()).isEqualTo("HEALTHY");
        assertThat(state.risk()).isEqualTo(0.2);
        assertThat(step.event()).isEqualTo(AlertEventType.RESOLVED);
        assertThat(step.transition().note()).isEqualTo("recovery signal s5");
        assertThat(alert.recover(noRisk, Alert.RECOVERED, "again", AT_T0).changed()).isFalse();
    }

    @Test
    void anOutcomeIsHistoryOnly() {
        Alert alert = open(Severity.WARNING);
        Alert.State before = alert.state();
        Alert.Step step = alert.recordOutcome("called back", false, "ops", AT_T0);
        assertThat(alert.state()).isEqualTo(before);
        assertThat(step.event()).isNull();
        assertThat(step.transition().action()).isEqualTo("outcome");
        assertThat(step.transition().note()).isEqualTo("false alarm: called back");
    }

    @Test
    void aStoredAlertRestoresToTheSameState() {
        Alert alert = open(Severity.CRITICAL);
        alert.snooze(T0.plusSeconds(600), "later", "ops", AT_T0);
        assertThat(Alert.restore(alert.state()).state()).isEqualTo(alert.state());
    }
}
