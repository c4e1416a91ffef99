package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private final AlertRules rules = new AlertRules();

    private static Signal signal(Signal.Kind kind, Severity severity) {
        return new Signal("s1", kind, "C-1", "retail", "effort", severity, 80, 30, "HEALTHY", "CRITICAL", List.of(),
                "Call back", "e1", Instant.EPOCH);
    }

    @Test
    void oneOpenAlertPerCustomerAndCause() {
        assertThat(rules.decide(signal(Signal.Kind.RISK_RAISED, Severity.WARNING), false))
                .isEqualTo(AlertRules.Decision.OPEN);
        assertThat(rules.decide(signal(Signal.Kind.RISK_RAISED, Severity.WARNING), true))
                .isEqualTo(AlertRules.Decision.UPDATE);
    }

    @Test
    void aCustomerWhoLeftHasItsOpenAlertsResolvedAndARenewalTouchesNone() {
        assertThat(rules.decide(signal(Signal.Kind.ENDED, Severity.INFO), true)).isEqualTo(AlertRules.Decision.RESOLVE);
        assertThat(rules.decide(signal(Signal.Kind.ENDED, Severity.INFO), false)).isEqualTo(AlertRules.Decision.IGNORE);
        assertThat(rules.decide(signal(Signal.Kind.RENEWED, Severity.INFO), true)).isEqualTo(AlertRules.Decision.IGNORE);
    }

    @Test
    void recoveryResolvesOpenAlertsAndIsIgnoredOtherwise() {
        assertThat(rules.decide(signal(Signal.Kind.RECOVERED, Severity.INFO), true))
                .isEqualTo(AlertRules.Decision.RESOLVE);
        assertThat(rules.decide(signal(Signal.Kind.RECOVERED, Severity.INFO), false))
                .isEqualTo(AlertRules.Decision.IGNORE);
    }

    @Test
    void lifecycleTransitions() {
        assertThat(AlertLifecycle.acknowledge(AlertStatus.OPEN)).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(AlertLifecycle.acknowledge(AlertStatus.ACKNOWLEDGED)).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(AlertLifecycle.resolve(AlertStatus.ACKNOWLEDGED)).isEqualTo(AlertStatus.RESOLVED);
        assertThat(AlertLifecycle.resolve(AlertStatus.RESOLVED)).isEqualTo(AlertStatus.RESOLVED);
        assertThatThrownBy(() -> AlertLifecycle.acknowledge(AlertStatus.RESOLVED))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void snoozeNeedsAFutureTimeAndAnUnresolvedAlert() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        AlertLifecycle.checkSnooze(AlertStatus.ACKNOWLEDGED, now.plusSeconds(60), now);
        assertThatThrownBy(() -> AlertLifecycle.checkSnooze(AlertStatus.OPEN, now.minusSeconds(1), now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertLifecycle.checkSnooze(AlertStatus.RESOLVED, now.plusSeconds(60), now))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(AlertLifecycle.snoozed(now.plusSeconds(60), now)).isTrue();
        assertThat(AlertLifecycle.snoozed(now.plusSeconds(60), now.plusSeconds(60))).isFalse();
        assertThat(AlertLifecycle.snoozed(null, now)).isFalse();
    }

    @Test
    void severityOnlyEscalatesWhileOpen() {
        assertThat(rules.escalate(Severity.WARNING, Severity.CRITICAL)).isEqualTo(Severity.CRITICAL);
        assertThat(rules.escalate(Severity.CRITICAL, Severity.WARNING)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void subscriptionFilters() {
        var all = new SubscriptionFilter(Severity.WARNING, Set.of(), Set.of());
        var retailEffort = new SubscriptionFilter(Severity.CRITICAL, Set.of("retail"), Set.of("effort"));
        assertThat(all.matches(Severity.WARNING, "sme", "silence")).isTrue();
        assertThat(all.matches(Severity.INFO, "sme", "silence")).isFalse();
        assertThat(retailEffort.matches(Severity.CRITICAL, "retail", "effort")).isTrue();
        assertThat(retailEffort.matches(Severity.CRITICAL, "sme", "effort")).isFalse();
        assertThat(retailEffort.matches(Severity.CRITICAL, "retail", "silence")).isFalse();
        assertThat(retailEffort.matches(Severity.WARNING, "retail", "effort")).isFalse();
    }

    @Test
    void retryScheduleFollowsTheStandardWithBoundedJitterThenStops() {
        RandomGenerator random = new SplittableRandom(7);
        RetrySchedule schedule = RetrySchedule.STANDARD;
        Duration second = schedule.delayAfter(1, random).orElseThrow();
        assertThat(second).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        Duration third = schedule.delayAfter(2, random).orElseThrow();
        assertThat(third).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
        assertThat(schedule.delayAfter(schedule.delays().size(), random)).isEmpty();
    }
}
