package dev.earlywarning.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.FreePorts;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.Postgres;
import dev.earlywarning.platform.ServiceProcess;

/**
 * Kills health-scorer (SIGKILL) in the middle of a stream and starts it again. Its final state
 * must equal that of an uninterrupted scorer fed the same stream, and no signal id may be emitted
 * twice for a different reason. Both scorers run in event-time mode on their own topics and
 * databases, so they can be compared one to one.
 */
class ScorerRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CUSTOMERS = 300;
    private static final int EVENTS = 1200;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final Platform platform = Platform.shared();
    /** The topic of contact events both scorers read. */
    private String input;
    /** Per partition, the end offset the producer's acknowledgements say the input topic has. */
    private final Map<Integer, Long> acknowledged = new TreeMap<>();
    private final Path root = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath().normalize();

    @Test
    void aKilledScorerResumesWithoutLosingOrDoubleCountingAnything() throws Exception {
        createTopics();
        int customers = produceHistoryOnAFreshTopic();
        Postgres pg = platform.postgres();
        pg.createDatabase("restart_ref_" + RUN.replace('-', '_'));
        pg.createDatabase("restart_killed_" + RUN.replace('-', '_'));

        ServiceProcess reference = scorer("ref");
        ServiceProcess killed = scorer("killed");
        awaitConsumed("killed", killed, EVENTS / 4, Duration.ofSeconds(120));
        killed.kill();
        long consumedAtKill = consumed("killed");
        ServiceProcess restarted = scorer("killed");
        try {
            awaitConsumed("ref", reference, EVENTS, Duration.ofSeconds(180));
            awaitConsumed("killed", restarted, EVENTS, Duration.ofSeconds(180));
        } finally {
            reference.close();
            restarted.close();
        }
        assertThat(consumedAtKill).as("killed in the middle of the stream").isBetween(1L, (long) EVENTS - 1);

        Map<String, String> expected = customerSummary("ref");
        Map<String, String> actual = customerSummary("killed");
        assertThat(expected).hasSize(customers);
        assertThat(actual).isEqualTo(expected);

        Map<String, List<String>> referenceSignals = signals("ref");
        Map<String, List<String>> killedSignals = signals("killed");
        assertThat(referenceSignals).isNotEmpty();
        assertThat(killedSignals.keySet()).isEqualTo(referenceSignals.keySet());
        killedSignals.forEach((id, reasons) -> assertThat(reasons.stream().distinct())
                .as("signal %s re-emitted for one reason only", id).hasSize(1));
        referenceSignals.forEach((id, reasons) -> assertThat(killedSignals.get(id).get(0)).isEqualTo(reasons.get(0)));
    }

    private ServiceProcess scorer(String name) {
        Map<String, String> env = new HashMap<>(LocalSystem.serviceEnvironment(platform));
        env.put("DB_NAME", database(name));
        env.put("SCORER_CLOCK", "event-time");
        // The replayed history lies in 2025: kept, so both runs' histories compare whatever the purge's timing.
        env.put("SCORER_HEALTH_HISTORY_RETENTION", "36500d");
        env.put("MP_MESSAGING_INCOMING_CONTACT_EVENTS_TOPIC", input);
        env.put("MP_MESSAGING_INCOMING_CONTACT_EVENTS_GROUP_ID", "restart-" + name + "-" + RUN);
        env.put("MP_MESSAGING_INCOMING_CONTACT_EVENTS_MAX_POLL_RECORDS", "50");
        env.put("MP_MESSAGING_OUTGOING_CHURN_RISK_SIGNALS_TOPIC", signalTopic(name));
        env.put("MP_MESSAGING_OUTGOING_RELATIONSHIP_HEALTH_TOPIC", "restart-health-" + name + "-" + RUN);
        // Should a scorer stop short, its log says which batches it scored and stored, and when its consumer paused.
        env.put("QUARKUS_LOG_CATEGORY__IO_SMALLRYE_REACTIVE_MESSAGING_KAFKA__LEVEL", "DEBUG");
        env.put("QUARKUS_LOG_CATEGORY__DEV_EARLYWARNING_SCORER__LEVEL", "DEBUG");
        ServiceProcess scorer = ServiceProcess.start("health-scorer-" + name, root.resolve("health-scorer"),
                FreePorts.next(), env, LocalSystem.javaOptions(System.getenv()),
                root.resolve("deploy/system-tests/target/service-logs/restart-" + name + ".log"));
        scorer.awaitReady(Duration.ofSeconds(120));
        return scorer;
    }

    private static String database(String name) {
        return "restart_" + name + "_" + RUN.replace('-', '_');
    }

    private static String signalTopic(String name) {
        return "restart-signals-" + name + "-" + RUN;
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : List.of("ref", "killed")) {
                topics.add(new NewTopic(signalTopic(name), 3, (short) 1));
                topics.add(new NewTopic("restart-health-" + name + "-" + RUN, 3, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    /**
     * Produces the history and checks that the topic holds all of it. Producing is this test's
     * fixture, not what it tests: should the broker fail a send, the history goes to a fresh topic
     * (the failure is printed), so that only the scorers can fail the test.
     */
    private int produceHistoryOnAFreshTopic() throws Exception {
        for (int attempt = 1; ; attempt++) {
            input = "restart-events-" + RUN + "-" + attempt;
            acknowledged.clear();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(input, 6, (short) 1))).all().get();
            }
            try {
                int customers = produceHistory();
                assertThat(acknowledged.values().stream().mapToLong(Long::longValue).sum())
                        .as("events acknowledged by the broker").isEqualTo(EVENTS);
                assertThat(topicEnds()).as("the input topic's end offsets").isEqualTo(acknowledged);
                return customers;
            } catch (Exception | AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.printf("ScorerRestartIT: producing the history to %s failed (%s); once more on a fresh topic%n",
                        input, e);
            }
        }
    }

    /** The shared history ({@link History}), every acknowledgement read; returns how many customers. */
    private int produceHistory() throws Exception {
        List<String[]> events = History.events("R-", RUN, CUSTOMERS, EVENTS);
        acknowledged.putAll(Records.produce(platform.bootstrapServers(), input, events));
        return (int) events.stream().map(event -> event[0]).distinct().count();
    }

    private Connection connect(String name) throws SQLException {
        Postgres pg = platform.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(database(name)), pg.user(), pg.password());
    }

    private long consumed(String name) throws SQLException {
        try (Connection c = connect(name);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT to_regclass('consumed_offset') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
        }
        try (Connection c = connect(name);
             ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(sum(next_offset), 0) FROM consumed_offset")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitConsumed(String name, ServiceProcess scorer, long events, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumed(name) < events) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " consumed " + consumed(name) + " of " + events + " within " + timeout
                        + " (offsets " + offsets(name) + "; committed in Kafka " + committed(name) + "; topic ends " + topicEnds() + "); thread dump and health in " + scorer.diagnose());
            }
            Thread.sleep(50);
        }
    }

    /** Per partition, the offset after the input topic's last record. */
    private Map<Integer, Long> topicEnds() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions()
                    .forEach(p -> latest.put(new TopicPartition(input, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }
    }

    /** Per partition, the offset the scorer's consumer group last committed to Kafka (lag monitoring only). */
    private Map<Integer, Long> committed(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets("restart-" + name + "-" + RUN).partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> committed = new TreeMap<>();
            offsets.forEach((partition, offset) -> committed.put(partition.partition(), offset.offset()));
            return committed;
        }
    }

    private String offsets(String name) throws SQLException {
        StringBuilder offsets = new StringBuilder();
        try (Connection c = connect(name);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT kafka_partition, next_offset FROM consumed_offset ORDER BY kafka_partition")) {
            while (rs.next()) {
                offsets.append(rs.getInt(1)).append('=').append(rs.getLong(2)).append(' ');
            }
        }
        return offsets.toString().trim();
    }

    /** What the scorer stored, comparable across runs ({@link Stores#scorerSummary}). */
    private Map<String, String> customerSummary(String name) throws SQLException {
        return Stores.scorerSummary(connect(name));
    }

    /** Signal id -> the reasons it was emitted with (kind, trigger, cause, score, band). */
    private Map<String, List<String>> signals(String name) throws Exception {
        Map<String, List<String>> byId = new HashMap<>();
        for (ConsumerRecord<String, String> record : Records.readAll(platform.bootstrapServers(), signalTopic(name))) {
            JsonNode s = JSON.readTree(record.value());
            byId.computeIfAbsent(s.get("signalId").asText(), k -> new ArrayList<>()).add(
                    s.get("kind").asText() + "/" + s.get("trigger").asText() + "/" + s.get("cause").asText()
                            + "/" + s.get("scoreAfter").asInt() + "/" + s.get("bandAfter").asText());
        }
        return byId;
    }
}
