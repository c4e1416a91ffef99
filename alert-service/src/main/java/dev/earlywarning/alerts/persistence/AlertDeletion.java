package dev.earlywarning.alerts.persistence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes alerts with everything that hangs off them: transitions, outcome, live-stream events,
 * audit entries, and their webhook deliveries. A grouped delivery that also carries other alerts
 * keeps them: their messages stay in its body, only the deleted alerts' messages leave it. Used by
 * the retention purge and by a customer's erasure.
 */
final class AlertDeletion {

    private AlertDeletion() {
    }

    /**
     * @param selectIds a query selecting the alerts' ids ({@code SELECT id FROM alert WHERE ...})
     * @return how many alerts went
     */
    static Uni<Integer> delete(SqlConnection connection, ObjectMapper json, String selectIds, Tuple params) {
        return connection.preparedQuery(selectIds).execute(params).chain(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID("id")));
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            UUID[] gone = ids.toArray(UUID[]::new);
            Tuple byIds = Tuple.of(gone);
            return connection.preparedQuery("""
                            SELECT d.id, d.payload, array_agg(m.alert_id) AS members
                              FROM delivery d JOIN delivery_member m ON m.delivery_id = d.id
                             WHERE d.id IN (SELECT delivery_id FROM delivery_member WHERE alert_id = ANY($1))
                             GROUP BY d.id, d.payload""").execute(byIds)
                    .chain(deliveries -> regroup(connection, json, deliveries, Set.of(gone)))
                    .chain(() -> connection.preparedQuery("""
                            WITH deliveries AS (DELETE FROM delivery WHERE alert_id = ANY($1)),
                                 transitions AS (DELETE FROM alert_transition WHERE alert_id = ANY($1)),
                                 outcomes AS (DELETE FROM alert_outcome WHERE alert_id = ANY($1)),
                                 events AS (DELETE FROM alert_event WHERE alert_id = ANY($1))
                            DELETE FROM audit_entry WHERE target_kind = 'alert'
                               AND target_id = ANY(SELECT unnest($1::uuid[])::text)""").execute(byIds))
                    // The alerts once nothing refers to them (a statement of its own: the deletes above
                    // are not visible to the foreign-key checks of the statement that made them).
                    .chain(() -> connection.preparedQuery("DELETE FROM alert WHERE id = ANY($1)").execute(byIds))
                    .replaceWith(ids.size());
        });
    }

    /**
     * Deliveries of the deleted alerts: one that carries only them goes; one that also carries
     * others loses their messages and member rows and stays, pointed at an alert that remains.
     */
    private static Uni<Void> regroup(SqlConnection connection, ObjectMapper json, io.vertx.mutiny.sqlclient.RowSet<Row> deliveries,
                                     Set<UUID> gone) {
        List<Tuple> deletes = new ArrayList<>();
        List<Tuple> rewrites = new ArrayList<>();
        for (Row row : deliveries) {
            List<UUID> remaining = new ArrayList<>();
            for (UUID member : row.getArrayOfUUIDs("members")) {
                if (!gone.contains(member)) {
                    remaining.add(member);
                }
            }
            if (remaining.isEmpty()) {
                deletes.add(Tuple.of(row.getUUID("id")));
            } else {
                rewrites.add(Tuple.of(row.getUUID("id"), without(json, row.getString("payload"), gone),
                        remaining.get(0), gone.toArray(UUID[]::new)));
            }
        }
        Uni<Void> done = Uni.createFrom().voidItem();
        if (!deletes.isEmpty()) {
            done = done.chain(() -> connection.preparedQuery("DELETE FROM delivery WHERE id = $1")
                    .executeBatch(deletes).replaceWithVoid());
        }
        if (!rewrites.isEmpty()) {
            done = done.chain(() -> connection.preparedQuery("""
                            WITH members AS (DELETE FROM delivery_member WHERE delivery_id = $1 AND alert_id = ANY($4))
                            UPDATE delivery SET payload = $2, alert_id = $3 WHERE id = $1""")
                    .executeBatch(rewrites).replaceWithVoid());
        }
        return done;
    }

    /** A batch body without the messages about the given alerts. */
    private static String without(ObjectMapper json, String payload, Set<UUID> gone) {
        try {
            JsonNode body = json.readTree(payload);
            if (!(body instanceof ObjectNode batch) || !(batch.get("data") instanceof ArrayNode messages)) {
                return payload;
            }
            ArrayNode kept = json.createArrayNode();
            Set<String> goneIds = new HashSet<>();
            gone.forEach(id -> goneIds.add(id.toString()));
            for (JsonNode message : messages) {
                if (!goneIds.contains(message.path("data").path("id").asText())) {
                    kept.add(message);
                }
            }
            batch.set("data", kept);
            return json.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored delivery body is not JSON", e);
        }
    }
}
