package dev.earlywarning.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.earlywarning.platform.FreePorts;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Postgres;
import dev.earlywarning.platform.ServiceProcess;
import dev.earlywarning.system.History;
import dev.earlywarning.system.Records;
import dev.earlywarning.system.Stores;

/**
 * What the fault-injection scenarios share: the packaged services started as processes on topics
 * and databases of their own, a deterministic history, the stores' contents in comparable form,
 * and the report every scenario writes its figures to.
 */
final class FaultKit {

    static final Path ROOT = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath().normalize();
    static final Path REPORT = ROOT.resolve("deploy/system-tests/target/faults/results.md");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FaultKit() {
    }

    static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static void createTopics(String bootstrap, int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics", e);
        }
    }

    /** A service of the repository (its module's packaged jar) with the environment given. */
    static ServiceProcess start(String module, String name, Map<String, String> env) {
        ServiceProcess process = ServiceProcess.start(name, ROOT.resolve(module), FreePorts.next(), env,
                LocalSystem.javaOptions(System.getenv()),
                ROOT.resolve("deploy/system-tests/target/service-logs/faults-" + name + ".log"));
        process.awaitReady(Duration.ofSeconds(180));
        return process;
    }

    static Map<String, String> serviceEnv(String bootstrap, Postgres pg, String database) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("DB_HOST", pg.host());
        env.put("DB_PORT", Integer.toString(pg.port()));
        env.put("DB_USER", pg.user());
        env.put("DB_PASSWORD", pg.password());
        env.put("DB_NAME", database);
        env.putAll(securityEnv());
        return env;
    }

    /** The shared deterministic history ({@link History}) of customers named F-n. */
    static List<String[]> history(String run, int customers, int events) {
        return History.events("F-", run, customers, events);
    }

    static Map<Integer, Long> produce(String bootstrap, String topic, List<String[]> records) {
        return Records.produce(bootstrap, topic, records);
    }

    static Map<Integer, Long> topicEnds(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.partition(),
                    info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The offsets a consumer group committed, per partition. */
    static Map<Integer, Long> committed(String bootstrap, String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<Integer, Long> committed = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((partition, offset) -> committed.put(partition.partition(), offset.offset()));
            return committed;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect(Postgres pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    /** Events a scorer has stored the offsets of (the sum of its next offsets); 0 before its schema exists. */
    static long scored(Postgres pg, String database) {
        try (Connection c = connect(pg, database);
             ResultSet rs = c.createStatement().executeQuery("SELECT CASE WHEN to_regclass('consumed_offset') IS NULL "
                     + "THEN 0 ELSE (SELECT coalesce(sum(next_offset), 0) FROM consumed_offset) END")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the database is down (a scenario stopped it)
        }
    }

    /** What a scorer stored, comparable with the reference ({@link Stores#scorerSummary}). */
    static Map<String, String> scorerSummary(Postgres pg, String database) throws SQLException {
        return Stores.scorerSummary(connect(pg, database));
    }

    /**
     * Per customer and cause: its alert episodes, each with status, severity, last score, last signal
     * and whether it is flapping (episodes of one batch share an opening time, so they are listed by
     * their last signal, not in time).
     */
    static Map<String, String> alertSummary(Postgres pg, String database) throws SQLException {
        Map<String, String> summary = new TreeMap<>();
        try (Connection c = connect(pg, database);
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT customer_id || '|' || cause,
                            string_agg(status || '/' || severity || '/' || score_after || '/' || last_signal_id
                                       || '/' || flapping, ',' ORDER BY last_signal_id)
                     FROM alert GROUP BY customer_id, cause""")) {
            while (rs.next()) {
                summary.put(rs.getString(1), rs.getString(2));
            }
        }
        return summary;
    }

    static void await(String what, Duration timeout, BooleanSupplier done, ServiceProcess... diagnose) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (ServiceProcess process : diagnose) {
                    logs.append(' ').append(process.diagnose());
                }
                throw new AssertionError(what + " did not happen within " + timeout + "; diagnosis in" + logs);
            }
            sleep(200);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The suite's bearer header: every role (its scenarios subscribe, read, act and post events),
     * as producer {@code fuzz}, from the shared platform's development issuer.
     */
    static String bearer() {
        return "Bearer " + dev.earlywarning.platform.Platform.shared().tokens().token("fault-suite",
                java.util.List.of("event-writer", "viewer", "operator", "admin"), Map.of("source", "fuzz"),
                Duration.ofHours(6));
    }

    /**
     * What every service needs to start with security on: trust in the shared platform's token
     * issuer ({@link #bearer()}), alert-service's key for signing secrets, and the loopback
     * receivers allow-listed (as the local run does).
     */
    static Map<String, String> securityEnv() {
        dev.earlywarning.platform.Platform platform = dev.earlywarning.platform.Platform.shared();
        Map<String, String> env = new HashMap<>(platform.tokens().serviceEnvironment());
        env.put("ALERTS_SECRETS_KEY", platform.secretsKey());
        env.put("ALERTS_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1,localhost");
        return env;
    }

    static String post(String url, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("content-type", "application/json").header("authorization", bearer()).POST(HttpRequest.BodyPublishers.ofString(json))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints a scenario's figures and appends them to the suite's report (docs/faults/ keeps the latest). */
    static synchronized void report(String scenario, Map<String, Object> figures) {
        StringBuilder line = new StringBuilder("| ").append(scenario).append(" | ");
        figures.forEach((name, value) -> line.append(name).append(": ").append(value).append("; "));
        line.setLength(line.length() - 2);
        line.append(" |\n");
        System.out.print("FAULTS " + line);
        try {
            Files.createDirectories(REPORT.getParent());
            if (!Files.exists(REPORT)) {
                Files.writeString(REPORT, "| scenario | figures |\n| --- | --- |\n");
            }
            Files.writeString(REPORT, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
