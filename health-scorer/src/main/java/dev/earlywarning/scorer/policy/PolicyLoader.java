package dev.earlywarning.scorer.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/**
 * Reads the scoring policy file (YAML): a version, a default, and per segment only the numbers
 * that differ, merged onto the default. Every number must be present in the default: a missing
 * one fails at start, not at scoring time.
 */
public final class PolicyLoader {

    /** The policy that ships with the scorer. */
    public static final String BUILT_IN = "/scoring-policy.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private PolicyLoader() {
    }

    public static PolicyBook builtIn() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(BUILT_IN)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PolicyBook fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read scoring policy " + file, e);
        }
    }

    static PolicyBook read(InputStream in) throws IOException {
        JsonNode root = YAML.readTree(in);
        String version = root.path("version").asText(null);
        if (version == null) {
            throw new IllegalArgumentException("The scoring policy needs a version");
        }
        ObjectNode defaults = (ObjectNode) root.get("default");
        ScoringPolicy defaultPolicy = policy(defaults.deepCopy(), version, root);
        Map<String, ScoringPolicy> segments = new HashMap<>();
        JsonNode segmentNodes = root.path("segments");
        for (Iterator<String> names = segmentNodes.fieldNames(); names.hasNext(); ) {
            String segment = names.next();
            ObjectNode merged = merge(defaults.deepCopy(), segmentNodes.get(segment));
            segments.put(segment, policy(merged, version + "+" + segment, root));
        }
        return new PolicyBook(version, defaultPolicy, Map.copyOf(segments));
    }

    private static ScoringPolicy policy(ObjectNode node, String version, JsonNode root) throws IOException {
        node.put("version", version);
        node.set("fullConfidenceEvents", root.get("fullConfidenceEvents"));
        return YAML.treeToValue(node, ScoringPolicy.class);
    }

    private static ObjectNode merge(ObjectNode target, JsonNode overrides) {
        overrides.fields().forEachRemaining(entry -> {
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode object && entry.getValue().isObject()) {
                merge(object, entry.getValue());
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        });
        return target;
    }
}
