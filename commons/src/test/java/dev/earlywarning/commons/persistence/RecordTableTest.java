package dev.earlywarning.commons.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.commons.persistence.RecordTable.Type;
import io.vertx.mutiny.sqlclient.Tuple;

/** The statements and arrays one column specification yields (the database runs them in the service's tests). */
class RecordTableTest {

    enum Status { OPEN, CLOSED }

    record Note(Long id, UUID alertId, Status status, Instant at, List<String> tags, boolean done) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static RecordTable<Note> notes() {
        return RecordTable.of("note", Note.class).generated("id", Type.BIGINT, "nextval('note_seq')")
                .column("alert_id", Type.UUID).column("status", Type.TEXT).column("at", Type.TIMESTAMPTZ)
                .jsonIn("tags", "tags").column("done", Type.BOOL).build(JSON);
    }

    @Test
    void selectsEveryColumnJsonAsText() {
        assertThat(notes().select("WHERE done")).isEqualTo(
                "SELECT id, alert_id, status, at, tags::text AS tags, done FROM note WHERE done");
    }

    @Test
    void insertsTheCarriedColumnsInOrderAndGeneratesTheRest() {
        assertThat(notes().insert("ON CONFLICT DO NOTHING")).isEqualTo("INSERT INTO note (id, alert_id, status, at, "
                + "tags, done) SELECT nextval('note_seq'), alert_id, status, at, tags::jsonb, done FROM "
                + "unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bool[]) WITH ORDINALITY "
                + "AS t(alert_id, status, at, tags, done, n) ORDER BY t.n ON CONFLICT DO NOTHING");
    }

    @Test
    void updatesByKeyWithComputedColumns() {
        RecordTable<Note> table = RecordTable.of("note", Note.class).column("id", Type.BIGINT)
                .column("alert_id", Type.UUID).column("status", Type.TEXT).column("at", Type.TIMESTAMPTZ)
                .jsonIn("tags", "tags").column("done", Type.BOOL).build(JSON);
        assertThat(table.update("id", Map.of("done", "r.done OR t.done"))).isEqualTo("UPDATE note r SET "
                + "alert_id = t.alert_id, status = t.status, at = t.at, tags = t.tags::jsonb, done = r.done OR t.done "
                + "FROM unnest($1::int8[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::bool[]) "
                + "AS t(id, alert_id, status, at, tags, done) WHERE r.id = t.id");
    }

    @Test
    void arraysCarryOneArrayPerColumnInSqlForm() {
        UUID alert = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-30T10:00:00.123456Z");
        Tuple arrays = notes().arrays(List.of(new Note(null, alert, Status.OPEN, at, List.of("a", "b"), true),
                new Note(null, null, null, null, null, false)));
        assertThat(arrays.size()).isEqualTo(5);
        assertThat((UUID[]) arrays.getValue(0)).containsExactly(alert, null);
        assertThat((String[]) arrays.getValue(1)).containsExactly("OPEN", null);
        assertThat(((java.time.OffsetDateTime[]) arrays.getValue(2))[0].toInstant()).isEqualTo(at);
        assertThat((String[]) arrays.getValue(3)).containsExactly("{\"tags\":[\"a\",\"b\"]}", null);
        assertThat((Boolean[]) arrays.getValue(4)).containsExactly(true, false);
    }

    @Test
    void aRecordComponentWithoutAColumnOrAColumnWithoutAComponentFailsAtOnce() {
        assertThatThrownBy(() -> RecordTable.of("note", Note.class).column("id", Type.BIGINT)
                .column("alert_id", Type.UUID).column("status", Type.TEXT).column("at", Type.TIMESTAMPTZ)
                .column("tags", Type.JSONB).build(JSON))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[done]");
        assertThatThrownBy(() -> RecordTable.of("note", Note.class).column("id", Type.BIGINT)
                .column("alert_id", Type.UUID).column("status", Type.TEXT).column("at", Type.TIMESTAMPTZ)
                .column("tags", Type.JSONB).column("done", Type.BOOL).column("extra", Type.TEXT).build(JSON))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[extra]");
    }

    record Row(String id, byte[] snapshot, String assessment, int kafkaPartition) {
    }

    @Test
    void upsertsUpdateEveryOtherColumnAndJsonTextIsPassedAsWritten() {
        RecordTable<Row> rows = RecordTable.of("row", Row.class).column("id", Type.TEXT).column("snapshot", Type.BYTEA)
                .column("assessment", Type.JSON).column("kafka_partition", Type.INT).build(JSON);
        assertThat(rows.upsert("id", "state = NULL")).isEqualTo("INSERT INTO row (id, snapshot, assessment, "
                + "kafka_partition) SELECT id, snapshot, assessment::json, kafka_partition FROM unnest($1::text[], "
                + "$2::bytea[], $3::text[], $4::int4[]) WITH ORDINALITY AS t(id, snapshot, assessment, kafka_partition, n) "
                + "ORDER BY t.n ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, "
                + "assessment = excluded.assessment, kafka_partition = excluded.kafka_partition, state = NULL");
        Tuple arrays = rows.arrays(List.of(new Row("a", new byte[] {1, 2}, "{\"score\":7}", 3)));
        assertThat(((io.vertx.core.buffer.Buffer[]) arrays.getValue(1))[0].getBytes()).containsExactly(1, 2);
        // A String for a JSON column is JSON already (written once for two tables): not quoted again.
        assertThat((String[]) arrays.getValue(2)).containsExactly("{\"score\":7}");
        assertThat((Integer[]) arrays.getValue(3)).containsExactly(3);
    }

    record Scored(String id, java.util.Map<String, Integer> assessment) {
    }

    @Test
    void jsonStoredAsTextIsWrittenByJacksonAndNotCastToJsonOnInsert() {
        RecordTable<Scored> rows = RecordTable.of("scored", Scored.class).column("id", Type.TEXT)
                .column("assessment", Type.JSON_TEXT).build(JSON);
        assertThat(rows.insert(null)).isEqualTo("INSERT INTO scored (id, assessment) SELECT id, assessment::text "
                + "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(id, assessment, n) ORDER BY t.n");
        assertThat(rows.selectList()).isEqualTo("id, assessment::text AS assessment");
        Tuple arrays = rows.arrays(List.of(new Scored("a", java.util.Map.of("score", 7))));
        assertThat((String[]) arrays.getValue(1)).containsExactly("{\"score\":7}");
    }
}
