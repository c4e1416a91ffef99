package dev.earlywarning.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class InstantJsonTest {

    private final ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper fast = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(InstantJson.module()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void writesAndReadsWhatJavaTimeDoesForAnyInstantAndPrecision() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0000 to 9999
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            String text = DateTimeFormatter.ISO_INSTANT.format(instant);
            assertThat(InstantJson.format(instant)).isEqualTo(text);
            assertThat(InstantJson.parse(text)).isEqualTo(instant);
            String json = fast.writeValueAsString(instant);
            assertThat(json).isEqualTo(standard.writeValueAsString(instant));
            assertThat(fast.readValue(json, Instant.class)).isEqualTo(instant);
        }
    }

    @Test
    void fractionsOfAnyLengthAreRead() {
        assertThat(InstantJson.parse("2026-11-22T10:15:00.1Z")).isEqualTo(Instant.parse("2026-11-22T10:15:00.100Z"));
        assertThat(InstantJson.parse("2026-11-22T10:15:00.12345Z"))
                .isEqualTo(Instant.parse("2026-11-22T10:15:00.123450Z"));
        assertThat(InstantJson.parse("2026-11-22T10:15:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-22T10:15:00.123456789Z"));
    }

    @Test
    void otherFormsAreLeftToJavaTimeWithTheSameResultOrError() throws Exception {
        for (String text : List.of("2026-11-22T11:15:00+01:00", "2026-11-22t10:15:00z", "+12026-11-22T10:15:00Z",
                "2026-12-31T23:59:60Z")) {
            assertThat(InstantJson.parse(text)).as(text).isNull();
            assertThat(fast.readValue('"' + text + '"', Instant.class)).as(text)
                    .isEqualTo(standard.readValue('"' + text + '"', Instant.class));
        }
        assertThat(outcome(fast, "yesterday")).startsWith("error");
        assertThat(fast.readValue("1700000000000", Instant.class)).isEqualTo(standard.readValue("1700000000000",
                Instant.class));
        for (String bad : List.of("2026-02-30T10:15:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:15:00.Z",
                "2026-11-22T10:15Z", "yesterday", "2026-1x-22T10:15:00Z")) {
            assertThat(InstantJson.parse(bad)).as(bad).isNull();
            assertThat(outcome(fast, bad)).as(bad).isEqualTo(outcome(standard, bad));
        }
    }

    /** The instant read from a JSON string, or the kind of error. */
    private static String outcome(ObjectMapper mapper, String text) {
        try {
            return mapper.readValue('"' + text + '"', Instant.class).toString();
        } catch (Exception e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    @Test
    void enumCodesAreTheLowerCaseNamesAndUnknownOnesListTheAllowed() {
        assertThat(Channel.FACE_TO_FACE.code()).isEqualTo("face_to_face");
        assertThat(Coded.parse(Journey.class, "order_delivery")).isEqualTo(Journey.ORDER_DELIVERY);
        assertThatThrownBy(() -> Coded.parse(Journey.class, "ORDER_DELIVERY"))
                .hasMessageContaining("'ORDER_DELIVERY' is not one of [onboarding, change, order_delivery");
        assertThatThrownBy(() -> Coded.parse(Journey.class, null)).hasMessageContaining("'null' is not one of");
    }
}
