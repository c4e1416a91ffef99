package dev.earlywarning.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every contract's examples conform to it, and the contract is strict enough to refuse a broken one. */
class ContractsTest {

    @ParameterizedTest
    @ValueSource(strings = {Contracts.CONTACT_EVENT, Contracts.HEALTH_UPDATE, Contracts.CHURN_RISK_SIGNAL,
            Contracts.ALERT_MESSAGE})
    void theExamplesConform(String schema) {
        List<String> examples = Contracts.examples(schema);
        assertThat(examples).isNotEmpty();
        for (String example : examples) {
            assertThat(Contracts.violations(schema, example)).as(example).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Contracts.CONTACT_EVENT, Contracts.HEALTH_UPDATE, Contracts.CHURN_RISK_SIGNAL})
    void anExampleMissingARequiredFieldDoesNotConform(String schema) throws Exception {
        JsonNode required = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Contracts.directory().resolve(schema).toFile()).get("required");
        assertThat(required).isNotEmpty();
        for (JsonNode field : required) {
            ObjectNode broken = Contracts.exampleObjects(schema).get(0);
            broken.remove(field.asText());
            assertThat(Contracts.violations(schema, broken.toString())).as(field.asText()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "severity", "customerId"})
    void anAlertMessageWithABrokenAlertDoesNotConform(String field) {
        ObjectNode message = Contracts.exampleObjects(Contracts.ALERT_MESSAGE).get(0);
        ((ObjectNode) message.get("data")).put(field, 42);
        assertThat(Contracts.violations(Contracts.ALERT_MESSAGE, message.toString())).isNotEmpty();
        assertThat(Contracts.violations(Contracts.ALERT_MESSAGE, "{\"type\":\"alert.opened\"}")).isNotEmpty();
    }
}
