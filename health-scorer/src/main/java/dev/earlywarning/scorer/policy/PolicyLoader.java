package dev.earlywarning.scorer.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
 * that differ, merged onto the default; then the calibrated part: the risk model (shared
 * coefficients, an intercept per segment) and the alert line (a default, per segment what differs).
 * Every number must be present in the default: a missing one fails at start, not at scoring time.
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
        ScoringPolicy defaultPolicy = policy(defaults.deepCopy(), version, root, null);
        Map<String, ScoringPolicy> segments = new HashMap<>();
        JsonNode segmentNodes = root.path("segments");
        // A segment has its own policy when its rules, its risk intercept or its alert line differ.
        java.util.Set<String> names = new java.util.TreeSet<>();
        segmentNodes.fieldNames().forEachRemaining(names::add);
        root.path("risk").path("intercepts").fieldNames().forEachRemaining(names::add);
        root.path("alerting").path("segments").fieldNames().forEachRemaining(names::add);
        names.remove("default");
        for (String segment : names) {
            ObjectNode merged = segmentNodes.has(segment) ? merge(defaults.deepCopy(), segmentNodes.get(segment))
                    : defaults.deepCopy();
            segments.put(segment, policy(merged, version + "+" + segment, root, segment));
        }
        return new PolicyBook(version, defaultPolicy, Map.copyOf(segments));
    }

    private static ScoringPolicy policy(ObjectNode node, String version, JsonNode root, String segment)
            throws IOException {
        node.put("version", version);
        node.set("fullConfidenceEvents", root.get("fullConfidenceEvents"));
        node.set("risk", risk(root.path("risk"), segment));
        JsonNode alerting = root.path("alerting");
        ObjectNode line = alerting.path("default").isObject() ? ((ObjectNode) alerting.get("default")).deepCopy()
                : YAML.createObjectNode();
        if (segment != null && alerting.path("segments").path(segment).isObject()) {
            merge(line, alerting.path("segments").path(segment));
        }
        node.set("alerting", line);
        return YAML.treeToValue(node, ScoringPolicy.class);
    }

    /** The risk model of a segment: the shared coefficients and the segment's intercept (else the default one). */
    private static ObjectNode risk(JsonNode risk, String segment) {
        if (!risk.isObject()) {
            throw new IllegalArgumentException("The scoring policy needs a risk model (risk: horizon, intercepts, coefficients)");
        }
        ObjectNode model = YAML.createObjectNode();
        model.set("horizon", risk.get("horizon"));
        JsonNode intercepts = risk.path("intercepts");
        JsonNode intercept = segment != null && intercepts.has(segment) ? intercepts.get(segment) : intercepts.get("default");
        if (intercept == null) {
            throw new IllegalArgumentException("The risk model needs an intercept for 'default'");
        }
        model.set("intercept", intercept);
        model.set("coefficients", risk.get("coefficients"));
        return model;
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
