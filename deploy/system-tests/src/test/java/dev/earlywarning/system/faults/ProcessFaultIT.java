package dev.earlywarning.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.Postgres;
import dev.earlywarning.platform.ServiceProcess;
import dev.earlywarning.platform.WebhookReceiver;

/**
 * Scenarios 1, 2 and 4 of the fault-injection suite: the packaged scorer and alert-service as
 * separate processes on the real broker and database, fed one deterministic history, against an
 * uninterrupted reference pipeline fed the same. After a kill -9 (one instance, or one of two
 * sharing the partitions) or PostgreSQL stopped for 30 s, every customer's stored state, every
 * alert episode and every webhook must equal the reference's: nothing lost, nothing doubled.
 */
class ProcessFaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CUSTOMERS = 300;
    private static final int EVENTS = 1500;
    private static final String RUN = FaultKit.run();
    private static final Platform PLATFORM = Platform.shared();
    private static final String INPUT = "faults-events-" + RUN;

    private static WebhookReceiver receiver;
    private static Map<String, String> referenceScores;
    private static Map<String, String> referenceAlerts;
    private static List<String> referenceWebhooks;

    /** One pipeline: scorers and alert-services sharing a name's databases, groups and topics. */
    private record Pipeline(String name, Postgres pg, String input, List<ServiceProcess> scorers,
                            List<ServiceProcess> alerts) {
        String scorerDb() {
            return "faults_" + name + "_scorer_" + RUN.replace('-', '_');
        }

        String alertsDb() {
            return "faults_" + name + "_alerts_" + RUN.replace('-', '_');
        }

        String signals() {
            return "faults-signals-" + name + "-" + RUN;
        }

        void close() {
            scorers.forEach(ServiceProcess::close);
            alerts.forEach(ServiceProcess::close);
        }
    }

    @BeforeAll
    static void referenceRun() throws Exception {
        receiver = WebhookReceiver.start(0);
        FaultKit.createTopics(PLATFORM.bootstrapServers(), 6, INPUT);
        Map<Integer, Long> ends = FaultKit.produce(PLATFORM.bootstrapServers(), INPUT,
                FaultKit.history(RUN, CUSTOMERS, EVENTS));
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);
        Pipeline reference = pipeline("ref", PLATFORM.postgres(), INPUT);
        try {
            alerts(reference); // subscribed before any signal exists, as in every fault run
            scorer(reference);
            awaitDone(reference);
            referenceScores = FaultKit.scorerSummary(reference.pg(), reference.scorerDb());
            referenceAlerts = FaultKit.alertSummary(reference.pg(), reference.alertsDb());
            referenceWebhooks = webhooks("ref");
        } finally {
            reference.close();
        }
        assertThat(referenceScores).isNotEmpty();
        assertThat(referenceAlerts).isNotEmpty();
        assertThat(referenceWebhooks).isNotEmpty();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void scenario1AScorerKilledMidStreamAndRestartedLosesAndDoublesNothing() throws Exception {
        Pipeline p = pipeline("kill", PLATFORM.postgres(), INPUT);
        try {
            alerts(p);
            ServiceProcess scorer = scorer(p);
            FaultKit.await("a quarter of the events scored", Duration.ofSeconds(180),
                    () -> FaultKit.scored(p.pg(), p.scorerDb()) >= EVENTS / 4, scorer);
            scorer.kill();
            long atKill = FaultKit.scored(p.pg(), p.scorerDb());
            long killedAt = System.nanoTime();
            p.scorers().remove(scorer);
            scorer(p);
            awaitDone(p);
            assertThat(atKill).as("killed mid-stream").isBetween(1L, (long) EVENTS - 1);
            compare(p, "1: kill -9 of health-scorer, restarted", Map.of("scored at the kill", atKill,
                    "recovered in (s)", seconds(killedAt)));
        } finally {
            p.close();
        }
    }

    @Test
    void scenario2OneOfTwoInstancesKilledPartitionsMoveAndNothingIsLostOrDoubled() throws Exception {
        Pipeline p = pipeline("pair", PLATFORM.postgres(), streamedInput("pair"));
        Thread stream = null;
        try {
            alerts(p);
            alerts(p);
            scorer(p);
            ServiceProcess victim = scorer(p);
            stream = stream(p.input());
            FaultKit.await("a quarter of the events scored", Duration.ofSeconds(180),
                    () -> FaultKit.scored(p.pg(), p.scorerDb()) >= EVENTS / 4, victim);
            victim.kill();
            p.alerts().get(1).kill();
            long atKill = FaultKit.scored(p.pg(), p.scorerDb());
            long killedAt = System.nanoTime();
            p.scorers().remove(victim);
            p.alerts().remove(1);
            stream.join();
            awaitDone(p);
            assertThat(atKill).as("killed mid-stream").isBetween(1L, (long) EVENTS - 1);
            compare(p, "2: one of two scorers and one of two alert-services killed", Map.of(
                    "scored at the kill", atKill, "finished by the survivors in (s)", seconds(killedAt)));
        } finally {
            if (stream != null) {
                stream.join();
            }
            p.close();
        }
    }

    @Test
    void scenario4PostgresStoppedFor30SecondsUnderLoadLosesNothing() throws Exception {
        Postgres own = Postgres.startRestartable(Files.createTempDirectory("faults-pg"));
        Pipeline p = pipeline("pgdown", own, streamedInput("pgdown"));
        Thread stream = null;
        try {
            alerts(p);
            ServiceProcess scorer = scorer(p);
            stream = stream(p.input());
            FaultKit.await("a quarter of the events scored", Duration.ofSeconds(180),
                    () -> FaultKit.scored(p.pg(), p.scorerDb()) >= EVENTS / 4, scorer);
            long atStop = FaultKit.scored(p.pg(), p.scorerDb());
            own.stopServer();
            long stoppedAt = System.nanoTime();
            // An instance started while the database is down waits for it instead of crash-looping
            // on its migrations (awaitReady fails at once should the process exit).
            ServiceProcess late = ServiceProcess.start("alerts-pgdown-late", FaultKit.ROOT.resolve("alert-service"),
                    dev.earlywarning.platform.FreePorts.next(), alertsEnv(p),
                    dev.earlywarning.platform.LocalSystem.javaOptions(System.getenv()),
                    FaultKit.ROOT.resolve("deploy/system-tests/target/service-logs/faults-alerts-pgdown-late.log"));
            p.alerts().add(late);
            FaultKit.sleep(30_000);
            own.startServer();
            long startedAt = System.nanoTime();
            late.awaitReady(Duration.ofSeconds(120));
            long lateReady = seconds(startedAt);
            stream.join();
            awaitDone(p);
            compare(p, "4: PostgreSQL stopped for 30 s under load", Map.of("database down (s)",
                    (startedAt - stoppedAt) / 1_000_000_000, "caught up after it came back in (s)", seconds(startedAt),
                    "scored when it stopped", atStop,
                    "an alert-service started during the outage, ready after it came back in (s)", lateReady));
        } finally {
            if (stream != null) {
                stream.join();
            }
            p.close();
            own.close();
        }
    }

    /** A topic of its own for a scenario whose input arrives while it runs (same partitions, so same order per customer). */
    private static String streamedInput(String name) {
        String topic = "faults-events-" + name + "-" + RUN;
        FaultKit.createTopics(PLATFORM.bootstrapServers(), 6, topic);
        return topic;
    }

    /** Writes the history to the topic at about 50 events a second, from a thread of its own. */
    private static Thread stream(String topic) {
        List<String[]> history = FaultKit.history(RUN, CUSTOMERS, EVENTS);
        Thread thread = new Thread(() -> {
            for (int from = 0; from < history.size(); from += 25) {
                FaultKit.produce(PLATFORM.bootstrapServers(), topic,
                        history.subList(from, Math.min(history.size(), from + 25)));
                FaultKit.sleep(500);
            }
        }, "faults-stream-" + topic);
        thread.start();
        return thread;
    }

    private static Pipeline pipeline(String name, Postgres pg, String input) {
        Pipeline p = new Pipeline(name, pg, input, new ArrayList<>(), new ArrayList<>());
        pg.createDatabase(p.scorerDb());
        pg.createDatabase(p.alertsDb());
        FaultKit.createTopics(PLATFORM.bootstrapServers(), 6, p.signals(), "faults-health-" + name + "-" + RUN);
        return p;
    }

    private static ServiceProcess scorer(Pipeline p) {
        Map<String, String> env = FaultKit.serviceEnv(PLATFORM.bootstrapServers(), p.pg(), p.scorerDb());
        env.put("SCORER_CLOCK", "event-time");
        // The replayed history may lie far back: kept, so the runs' histories compare whatever the purge's timing.
        env.put("SCORER_HEALTH_HISTORY_RETENTION", "36500d");
        env.put("MP_MESSAGING_INCOMING_CONTACT_EVENTS_TOPIC", p.input());
        env.put("MP_MESSAGING_INCOMING_CONTACT_EVENTS_GROUP_ID", "faults-scorer-" + p.name() + "-" + RUN);
        env.put("MP_MESSAGING_INCOMING_CONTACT_EVENTS_MAX_POLL_RECORDS", "50");
        env.put("MP_MESSAGING_OUTGOING_CHURN_RISK_SIGNALS_TOPIC", p.signals());
        env.put("MP_MESSAGING_OUTGOING_RELATIONSHIP_HEALTH_TOPIC", "faults-health-" + p.name() + "-" + RUN);
        ServiceProcess scorer = FaultKit.start("health-scorer", "scorer-" + p.name() + "-" + p.scorers().size(), env);
        p.scorers().add(scorer);
        return scorer;
    }

    private static Map<String, String> alertsEnv(Pipeline p) {
        Map<String, String> env = FaultKit.serviceEnv(PLATFORM.bootstrapServers(), p.pg(), p.alertsDb());
        env.put("MP_MESSAGING_INCOMING_CHURN_RISK_SIGNALS_TOPIC", p.signals());
        env.put("MP_MESSAGING_INCOMING_CHURN_RISK_SIGNALS_GROUP_ID", "faults-alerts-" + p.name() + "-" + RUN);
        return env;
    }

    private static ServiceProcess alerts(Pipeline p) {
        ServiceProcess alerts = FaultKit.start("alert-service", "alerts-" + p.name() + "-" + p.alerts().size(),
                alertsEnv(p));
        if (p.alerts().isEmpty()) {
            FaultKit.post(alerts.url() + "/subscriptions", "{\"name\":\"" + p.name() + "\",\"url\":\""
                    + receiver.url("/" + p.name()) + "\",\"minSeverity\":\"INFO\"}");
        }
        p.alerts().add(alerts);
        return alerts;
    }

    /** Every event scored and stored, every signal applied (its group's offsets at the topic's end), every webhook sent. */
    private static void awaitDone(Pipeline p) {
        ServiceProcess[] all = java.util.stream.Stream.concat(p.scorers().stream(), p.alerts().stream())
                .toArray(ServiceProcess[]::new);
        FaultKit.await(p.name() + ": every event scored", Duration.ofSeconds(300),
                () -> FaultKit.scored(p.pg(), p.scorerDb()) >= EVENTS, all);
        FaultKit.await(p.name() + ": every signal applied", Duration.ofSeconds(180), () -> {
            Map<Integer, Long> ends = FaultKit.topicEnds(PLATFORM.bootstrapServers(), p.signals());
            Map<Integer, Long> committed = FaultKit.committed(PLATFORM.bootstrapServers(),
                    "faults-alerts-" + p.name() + "-" + RUN);
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || e.getValue().equals(committed.get(e.getKey())));
        }, all);
        FaultKit.await(p.name() + ": every webhook delivered", Duration.ofSeconds(180), () -> {
            try (Connection c = FaultKit.connect(p.pg(), p.alertsDb());
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT count(*) FILTER (WHERE status <> 'DELIVERED'), count(*) FROM delivery")) {
                rs.next();
                return rs.getLong(1) == 0 && rs.getLong(2) > 0;
            } catch (SQLException e) {
                return false;
            }
        }, all);
    }

    /** Each distinct webhook (by id) as customer|cause|type, sorted: a multiset to compare with the reference. */
    private static List<String> webhooks(String path) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            if (r.path().equals("/" + path)) {
                byId.put(r.webhookId(), describe(r.body()));
            }
        }
        return byId.values().stream().sorted().collect(Collectors.toList());
    }

    private static String describe(String body) {
        try {
            JsonNode message = JSON.readTree(body);
            return message.at("/data/customerId").asText() + "|" + message.at("/data/cause").asText() + "|"
                    + message.get("type").asText();
        } catch (Exception e) {
            throw new AssertionError("not a webhook body: " + body, e);
        }
    }

    private void compare(Pipeline p, String scenario, Map<String, Object> extra) throws Exception {
        Map<String, String> scores = FaultKit.scorerSummary(p.pg(), p.scorerDb());
        Map<String, String> alerts = FaultKit.alertSummary(p.pg(), p.alertsDb());
        List<String> webhooks = webhooks(p.name());
        long received = receiver.received().stream().filter(r -> r.path().equals("/" + p.name())).count();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events", EVENTS);
        figures.put("customers", scores.size());
        figures.putAll(extra);
        figures.put("customers differing from the reference", differing(referenceScores, scores));
        figures.put("alert episodes", alerts.values().stream().mapToInt(v -> v.split(",").length).sum());
        figures.put("alert series differing", differing(referenceAlerts, alerts));
        figures.put("webhooks", webhooks.size());
        figures.put("webhooks missing or doubled", symmetricDifference(referenceWebhooks, webhooks));
        figures.put("re-sent with the same webhook-id", received - webhooks.size());
        FaultKit.report(scenario, figures);
        assertThat(scores).isEqualTo(referenceScores);
        assertThat(alerts).isEqualTo(referenceAlerts);
        assertThat(webhooks).isEqualTo(referenceWebhooks);
    }

    private static long differing(Map<String, String> expected, Map<String, String> actual) {
        Map<String, String> all = new TreeMap<>(expected);
        all.putAll(actual);
        return all.keySet().stream().filter(k -> !java.util.Objects.equals(expected.get(k), actual.get(k))).count();
    }

    private static long symmetricDifference(List<String> expected, List<String> actual) {
        Map<String, Long> counts = new TreeMap<>();
        expected.forEach(w -> counts.merge(w, 1L, Long::sum));
        actual.forEach(w -> counts.merge(w, -1L, Long::sum));
        return counts.values().stream().mapToLong(Math::abs).sum();
    }

    private static long seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000_000;
    }
}
