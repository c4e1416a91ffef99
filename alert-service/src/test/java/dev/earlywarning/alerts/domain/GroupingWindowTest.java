package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** When alert changes travel together: the grouping window's rules as a table of cases. */
class GroupingWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @ParameterizedTest(name = "window {0} s, {1} attempts, due in {2} s: joins {3}")
    @CsvSource({
        "30, 0, 10, true",    // the window is open and nothing was sent: the change joins
        "30, 0, 0, false",    // the window just ended: a new delivery
        "30, 0, -5, false",   // ended before: a new delivery
        "30, 1, 10, false",   // already attempted (a retry waits): never joined
        "0, 0, 10, false"})   // no window: each change on its own
    void whoJoins(int seconds, int attempts, int dueInSeconds, boolean joins) {
        assertThat(new GroupingWindow(seconds).joins(attempts, NOW.plusSeconds(dueInSeconds), NOW)).isEqualTo(joins);
    }

    @Test
    void aDeliveryIsDueAtOnceWithoutAWindowAndAtItsEndWithOne() {
        assertThat(new GroupingWindow(0).dueAt(NOW)).isEqualTo(NOW);
        assertThat(new GroupingWindow(0).groups()).isFalse();
        assertThat(new GroupingWindow(45).dueAt(NOW)).isEqualTo(NOW.plusSeconds(45));
        assertThat(new GroupingWindow(45).groups()).isTrue();
        assertThatThrownBy(() -> new GroupingWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
