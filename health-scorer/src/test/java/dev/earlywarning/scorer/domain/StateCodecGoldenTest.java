package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Golden bytes, one pair per snapshot version: the bytes a version wrote (src/test/resources/state-codec)
 * and what they hold. A format change that would strand stored state fails here, not in production.
 */
class StateCodecGoldenTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    static byte[] bytes(String name) throws IOException {
        return HexFormat.of().parseHex(text(name).strip());
    }

    static String text(String name) throws IOException {
        try (InputStream in = StateCodecGoldenTest.class.getResourceAsStream("/state-codec/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void version1SnapshotsStoredBeforeTheRiskModelStillDecode() throws IOException {
        byte[] v1 = bytes("v1-cust-1.hex");
        assertThat(v1[0]).isEqualTo(StateCodec.VERSION_1);

        StateCodec.Decoded decoded = StateCodec.decode("cust-1", v1);

        JsonNode actual = JSON.valueToTree(decoded);
        assertThat(actual.path("state").path("endedAt").isNull()).isTrue();
        assertThat(actual.path("state").path("tone").isNull()).isTrue();
        assertThat(actual.path("state").path("renewsAt").isNull()).isTrue();
        assertThat(actual.path("state").path("recoveredAt").isNull()).isTrue();
        ((ObjectNode) actual.get("state")).remove(java.util.List.of("tone", "renewsAt", "recoveredAt"));
        assertThat(actual.path("health").path("risk").isNull()).isTrue();
        ((ObjectNode) actual.get("state")).remove("endedAt");
        ((ObjectNode) actual.get("health")).remove("risk");
        assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(JSON.readTree(text("v1-cust-1.json"))));
        // Written again, it is a current snapshot holding the same.
        byte[] current = StateCodec.encode(decoded.state(), decoded.health(), decoded.nextTimer());
        assertThat(current[0]).isEqualTo(StateCodec.VERSION);
        assertThat(StateCodec.decode("cust-1", current)).isEqualTo(decoded);
    }

    @Test
    void version2SnapshotsStoredBeforeTheRenewalDateStillDecode() throws IOException {
        byte[] v2 = bytes("v2-cust-1.hex");
        assertThat(v2[0]).isEqualTo(StateCodec.VERSION_2);

        StateCodec.Decoded decoded = StateCodec.decode("cust-1", v2);

        JsonNode actual = JSON.valueToTree(decoded);
        assertThat(actual.path("state").path("renewsAt").isNull()).isTrue();
        assertThat(actual.path("state").path("recoveredAt").isNull()).isTrue();
        ((ObjectNode) actual.get("state")).remove(java.util.List.of("renewsAt", "recoveredAt"));
        assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(JSON.readTree(text("v2-cust-1.json"))));
        assertThat(decoded.state().endedAt()).isNotNull();
        assertThat(decoded.state().tone().negative()).isEqualTo(2.375);
        assertThat(decoded.health().risk().alerting()).isTrue();
        byte[] current = StateCodec.encode(decoded.state(), decoded.health(), decoded.nextTimer());
        assertThat(current[0]).isEqualTo(StateCodec.VERSION);
        assertThat(StateCodec.decode("cust-1", current)).isEqualTo(decoded);
    }

    @Test
    void version3SnapshotsDecodeToWhatTheyHeldAndEncodeToTheSameBytes() throws IOException {
        byte[] v3 = bytes("v3-cust-1.hex");
        assertThat(v3[0]).isEqualTo((byte) 3);

        StateCodec.Decoded decoded = StateCodec.decode("cust-1", v3);

        assertThat(JSON.writeValueAsString(decoded)).isEqualTo(JSON.writeValueAsString(JSON.readTree(text("v3-cust-1.json"))));
        assertThat(decoded.state().renewsAt()).isEqualTo(java.time.Instant.parse("2027-03-01T00:00:00Z"));
        assertThat(decoded.state().recoveredAt()).isEqualTo(java.time.Instant.parse("2026-10-15T08:30:00Z"));
        assertThat(StateCodec.encode(decoded.state(), decoded.health(), decoded.nextTimer())).isEqualTo(v3);
    }
}
