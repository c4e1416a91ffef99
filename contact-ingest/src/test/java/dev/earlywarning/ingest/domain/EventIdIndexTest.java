package dev.earlywarning.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventIdIndexTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void remembersIdsForTheWindowOnly() {
        EventIdIndex index = new EventIdIndex(Duration.ofHours(1), 1000);
        index.add("a", T0, T0);
        index.add("b", T0.plusSeconds(1800), T0.plusSeconds(1800));
        assertThat(index.contains("a")).isTrue();

        index.add("c", T0.plusSeconds(3700), T0.plusSeconds(3700));

        assertThat(index.contains("a")).isFalse();
        assertThat(index.contains("b")).isTrue();
        assertThat(index.contains("c")).isTrue();
    }

    @Test
    void aLaterSightingKeepsAnIdAlive() {
        EventIdIndex index = new EventIdIndex(Duration.ofHours(1), 1000);
        index.add("a", T0, T0);
        index.add("a", T0.plusSeconds(3000), T0.plusSeconds(3000));
        index.add("b", T0.plusSeconds(3700), T0.plusSeconds(3700));
        assertThat(index.contains("a")).isTrue();
    }

    @Test
    void boundsMemoryByDroppingTheOldest() {
        EventIdIndex index = new EventIdIndex(Duration.ofDays(1), 2);
        index.add("a", T0, T0);
        index.add("b", T0.plusSeconds(1), T0.plusSeconds(1));
        index.add("c", T0.plusSeconds(2), T0.plusSeconds(2));
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.contains("a")).isFalse();
        assertThat(index.contains("c")).isTrue();
    }
}
