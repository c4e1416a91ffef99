package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void secondsAreTakenUpToTheMaximum() {
        assertThat(RetryAfter.parse("120", NOW, MAX)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW, MAX)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("7200", NOW, MAX)).contains(MAX);
    }

    @Test
    void absurdValuesAreCutToTheMaximumInsteadOfOverflowing() {
        // Before: Long.MAX_VALUE seconds made Instant.plus throw, failing the whole claimed batch.
        assertThat(RetryAfter.parse("9223372036854775807", NOW, MAX)).contains(MAX);
        assertThat(RetryAfter.parse("10000000000000", NOW, MAX)).contains(MAX);
        assertThat(RetryAfter.parse("99999999999999999999999999", NOW, MAX)).contains(MAX);
    }

    @Test
    void anHttpDateIsHonoured() {
        // Before: the HTTP-date form was ignored.
        String inTenMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atZone(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(inTenMinutes, NOW, MAX)).contains(Duration.ofSeconds(600));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW, MAX)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW, MAX)).contains(MAX);
    }

    @Test
    void anythingElseLeavesItToTheSchedule() {
        assertThat(RetryAfter.parse(null, NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW, MAX)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW, MAX)).isEmpty();
    }
}
