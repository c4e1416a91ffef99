package dev.earlywarning.alerts.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A receiver's {@code Retry-After} (RFC 9110, section 10.2.3): delay-seconds or an HTTP-date,
 * capped so that no answer can postpone a delivery beyond {@code max} (a receiver once sent
 * 9223372036854775807 and the resulting overflow failed a whole claimed batch).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the header asks for, between zero and {@code max}; empty when absent or unreadable. */
    public static Optional<Duration> parse(String value, Instant now, Duration max) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Digits only: seconds. More digits than a long holds is as good as "very long".
            if (v.length() > 18) {
                return Optional.of(max);
            }
            return Optional.of(cap(Duration.ofSeconds(Long.parseLong(v)), max));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : cap(wait, max));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // neither form: the schedule decides
        }
    }

    private static Duration cap(Duration wait, Duration max) {
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
