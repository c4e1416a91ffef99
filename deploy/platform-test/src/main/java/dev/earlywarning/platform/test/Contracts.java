package dev.earlywarning.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The event contracts in {@code docs/schemas}, the single source of every message on every topic and
 * of webhook bodies: producers' tests check what they publish against them, consumers' tests build
 * their fixtures from the schemas' own examples.
 */
public final class Contracts {

    /** The contact event: topics {@code contact-events} and the inbound one. */
    public static final String CONTACT_EVENT = "contact-event.v1.json";
    /** health-scorer's assessments: topic {@code relationship-health}. */
    public static final String HEALTH_UPDATE = "health-update.v1.json";
    /** health-scorer's signals: topic {@code churn-risk-signals}. */
    public static final String CHURN_RISK_SIGNAL = "churn-risk-signal.v1.json";
    /** alert-service's webhook bodies and live-stream events. */
    public static final String ALERT_MESSAGE = "alert-message.v1.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Contracts() {
    }

    /** The schema directory, found from the module's directory or the repository's root. */
    public static Path directory() {
        for (Path candidate : List.of(Path.of("docs/schemas"), Path.of("../docs/schemas"), Path.of("../../docs/schemas"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/schemas not found from " + Path.of("").toAbsolutePath());
    }

    public static JsonSchema schema(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(directory().resolve(name))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's examples, as JSON text: consumers' fixtures. */
    public static List<String> examples(String name) {
        try {
            JsonNode examples = JSON.readTree(directory().resolve(name).toFile()).path("examples");
            List<String> texts = new ArrayList<>();
            examples.forEach(example -> texts.add(example.toString()));
            if (texts.isEmpty()) {
                throw new IllegalStateException(name + " has no examples");
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's examples as objects to adapt (fresh ids and times for a test of its own). */
    public static List<com.fasterxml.jackson.databind.node.ObjectNode> exampleObjects(String name) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> objects = new ArrayList<>();
        for (String text : examples(name)) {
            try {
                objects.add((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }

    /** What is wrong with {@code json} against the schema; empty when it conforms. */
    public static List<String> violations(String name, String json) {
        try {
            Set<ValidationMessage> messages = schema(name).validate(JSON.readTree(json));
            return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    /** Fails, naming the schema, the message and each violation, unless {@code json} conforms. */
    public static void assertConforms(String name, String json) {
        List<String> violations = violations(name, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(json + "\ndoes not conform to " + name + ":\n  " + String.join("\n  ", violations));
        }
    }
}
