package dev.earlywarning.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.commons.problem.FieldError;

class CloudEventsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void theEnvelopeFillsWhatTheDataLeavesOut() throws Exception {
        var unwrapped = CloudEvents.unwrap(json("""
                {"specversion":"1.0","id":"ce-1","source":"crm","type":"dev.earlywarning.contact.v1","subject":"C-9",
                 "time":"2026-11-22T10:00:00Z","data":{"type":"survey","nps":4,"sourceSystem":"survey-tool"}}"""));
        assertThat(unwrapped.errors()).isEmpty();
        ObjectNode event = unwrapped.event();
        assertThat(event.get("eventId").asText()).isEqualTo("ce-1");
        assertThat(event.get("customerId").asText()).isEqualTo("C-9");
        assertThat(event.get("occurredAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(event.get("sourceSystem").asText()).as("data wins over the envelope").isEqualTo("survey-tool");
    }

    @Test
    void anInvalidEnvelopeNamesEachAttribute() throws Exception {
        var unwrapped = CloudEvents.unwrap(json("""
                {"specversion":"0.3","source":"crm","datacontenttype":"text/xml","data":"<x/>"}"""));
        assertThat(unwrapped.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("specversion", "id", "type", "datacontenttype", "data");
    }

    @Test
    void binaryModeHeadersFillTheBody() throws Exception {
        ObjectNode body = (ObjectNode) json("{\"type\":\"contact\",\"channel\":\"chat\"}");
        ObjectNode filled = CloudEvents.withBinaryHeaders(body, Map.of("ce-id", "ce-2", "ce-subject", "C-3"));
        assertThat(filled.get("eventId").asText()).isEqualTo("ce-2");
        assertThat(filled.get("customerId").asText()).isEqualTo("C-3");
        assertThat(body.has("eventId")).as("the input is not changed").isFalse();
    }
}
