package dev.earlywarning.alerts.service;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a webhook request (Standard Webhooks style: type, timestamp, data). Grouped changes
 * travel as one {@value #BATCH} message whose data is the list of the single messages, in order.
 */
public record WebhookMessage(String type, Instant timestamp, AlertView data) {

    public static final String BATCH = "alert.batch";

    /** Appends one message to a delivery's body, turning it into a batch if it was single. */
    public static String group(ObjectMapper json, String existing, String next) {
        try {
            JsonNode current = json.readTree(existing);
            ObjectNode batch;
            if (BATCH.equals(current.path("type").asText())) {
                batch = (ObjectNode) current;
            } else {
                batch = json.createObjectNode();
                batch.put("type", BATCH);
                batch.set("timestamp", current.get("timestamp"));
                batch.putArray("data").add(current);
            }
            ((ArrayNode) batch.get("data")).add(json.readTree(next));
            return json.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored webhook body is not JSON", e);
        }
    }
}
