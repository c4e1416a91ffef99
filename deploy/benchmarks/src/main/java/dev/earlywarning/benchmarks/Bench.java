package dev.earlywarning.benchmarks;

import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** What every benchmark needs: a fresh platform, services on it, topics of its own. */
final class Bench implements AutoCloseable {

    final Path root;
    final Path logDir;
    final Platform platform;

    Bench(Path root, Path logDir) {
        this.root = root;
        this.logDir = logDir;
        this.platform = Platform.start(Boolean.getBoolean("bench.pgstats")
                ? Map.of("EW_PG_STATEMENT_STATS", "true") : Map.of());
    }

    /** Starts one packaged service on a free port, with the platform's Kafka and PostgreSQL. */
    ServiceProcess service(String module, String database, Map<String, String> extraEnv, String heap) {
        Map<String, String> env = new HashMap<>(LocalSystem.serviceEnvironment(platform));
        if (database != null) {
            platform.postgres().createDatabase(database);
            env.put("DB_NAME", database);
        }
        env.putAll(extraEnv);
        // Experiments: -Dbench.env=NAME=value,NAME=value reaches every service the benchmark starts.
        for (String pair : System.getProperty("bench.env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        if (Boolean.getBoolean("bench.debug")) {
            // The services' own timing lines (for example the scorer's publish and store per batch).
            env.put("QUARKUS_LOG_CATEGORY__DEV_EARLYWARNING__LEVEL", "DEBUG");
        }
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        // Experiments: -Dbench.service.opts="-Dsome.property=value" reaches every service's JVM.
        for (String option : System.getProperty("bench.service.opts", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        if (Boolean.getBoolean("bench.jfr")) {
            // Profile with Java Flight Recorder: one recording per service process, next to its log.
            options.add("-XX:StartFlightRecording=settings=profile,filename="
                    + logDir.resolve(module + "-" + System.nanoTime() + ".jfr"));
        }
        ServiceProcess service = ServiceProcess.start(module, root.resolve(module),
                dev.earlywarning.platform.FreePorts.next(), env, options,
                logDir.resolve(module + "-" + System.nanoTime() + ".log"));
        service.awaitReady(Duration.ofSeconds(180));
        return service;
    }

    void createTopic(String name, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
    }

    /** Subscribes the receiver to every alert of WARNING and above. */
    static void subscribeToEveryAlert(java.net.http.HttpClient http, String alertsUrl,
                                      dev.earlywarning.platform.WebhookReceiver receiver,
                                      dev.earlywarning.platform.DevTokens tokens) throws Exception {
        String subscription = "{\"name\":\"benchmark\",\"url\":\"" + receiver.url("/hooks")
                + "\",\"minSeverity\":\"WARNING\"}";
        int status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(alertsUrl + "/subscriptions"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + tokens.forRole(dev.earlywarning.platform.DevTokens.ADMIN))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(subscription)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201) {
            throw new IllegalStateException("Could not subscribe: HTTP " + status);
        }
    }

    /** Runs {@code jcmd <pid> <command...>} against a service (GC, flight recordings) and waits for it. */
    static void jcmd(ServiceProcess service, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(Path.of(
                dev.earlywarning.platform.KafkaBroker.javaExecutable()).resolveSibling("jcmd").toString(),
                Long.toString(service.pid())));
        args.addAll(List.of(command));
        try {
            new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With -Dbench.pgstats=true: forgets the statement statistics of {@code database} (creating the extension). */
    void resetStatementStats(String database) {
        if (!Boolean.getBoolean("bench.pgstats")) {
            return;
        }
        sql(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "SELECT pg_stat_statements_reset()");
    }

    /** With -Dbench.pgstats=true: the statements of {@code database} that took the most time since the reset. */
    String statementStats(String database, int top) {
        if (!Boolean.getBoolean("bench.pgstats")) {
            return "";
        }
        StringBuilder report = new StringBuilder("PostgreSQL statements of " + database + " by total time since the "
                + "measured window began (ms total, calls, ms per call, rows):");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                platform.postgres().jdbcUrl(database), platform.postgres().user(), platform.postgres().password());
             java.sql.ResultSet rows = connection.createStatement().executeQuery("""
                     SELECT round(s.total_exec_time::numeric, 0), s.calls, round((s.total_exec_time / s.calls)::numeric, 2),
                            s.rows, regexp_replace(left(s.query, 160), '\s+', ' ', 'g')
                     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                     WHERE d.datname = current_database() ORDER BY s.total_exec_time DESC LIMIT\s""" + top)) {
            while (rows.next()) {
                report.append(String.format("%n  %s ms, %s calls, %s ms, %s rows: %s", rows.getString(1), rows.getString(2),
                        rows.getString(3), rows.getString(4), rows.getString(5)));
            }
        } catch (java.sql.SQLException e) {
            report.append(" not available (").append(e.getMessage()).append(')');
        }
        return report.toString();
    }

    private void sql(String database, String... statements) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                platform.postgres().jdbcUrl(database), platform.postgres().user(), platform.postgres().password())) {
            for (String statement : statements) {
                connection.createStatement().execute(statement);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not run " + String.join("; ", statements), e);
        }
    }

    @Override
    public void close() {
        platform.close();
    }
}
