package dev.earlywarning.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: the platform plus the three packaged services, each in its own
 * JVM. Used by the run command and by the system tests.
 */
public final class LocalSystem implements AutoCloseable {

    /** HTTP ports of the three services: their APIs, and their management interfaces (health, metrics). */
    public record Ports(int ingest, int scorer, int alerts, int ingestManagement, int scorerManagement,
                        int alertsManagement) {
        public static final Ports DEFAULT = new Ports(8081, 8082, 8083, 9081, 9082, 9083);

        public static Ports free() {
            return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                    FreePorts.next());
        }
    }

    public static final String SCORER_DATABASE = "health_scorer";
    public static final String ALERTS_DATABASE = "alert_service";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Platform platform;
    private final boolean ownsPlatform;
    private final List<ServiceProcess> services;
    /** How each service was started, to start it again on the same port. */
    private final List<java.util.function.Supplier<ServiceProcess>> starters;

    private LocalSystem(Platform platform, boolean ownsPlatform, List<ServiceProcess> services,
                        List<java.util.function.Supplier<ServiceProcess>> starters) {
        this.platform = platform;
        this.ownsPlatform = ownsPlatform;
        this.services = services;
        this.starters = starters;
    }

    /**
     * Starts everything and waits until every service is ready.
     *
     * @param root the repository root (holding the service modules)
     * @param env the environment: {@code EW_KAFKA_BOOTSTRAP_SERVERS}, {@code EW_PG_*} for external
     *        infrastructure, {@code EW_SERVICE_JAVA_OPTS} for the services' JVMs
     * @param logDir where each service writes its log
     */
    public static LocalSystem start(Path root, Ports ports, Map<String, String> env, Path logDir) {
        Platform platform = Platform.start(env);
        try {
            return start(platform, true, root, ports, env, logDir);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** The services on a platform that outlives them (a test JVM's shared one). */
    public static LocalSystem startOn(Platform platform, Path root, Ports ports, Map<String, String> env,
                                      Path logDir) {
        return start(platform, false, root, ports, env, logDir);
    }

    private static LocalSystem start(Platform platform, boolean ownsPlatform, Path root, Ports ports,
                                     Map<String, String> env, Path logDir) {
        List<ServiceProcess> services = new ArrayList<>();
        List<java.util.function.Supplier<ServiceProcess>> starters = new ArrayList<>();
        try {
            Postgres pg = platform.postgres();
            pg.createDatabase(SCORER_DATABASE);
            pg.createDatabase(ALERTS_DATABASE);
            List<String> javaOptions = javaOptions(env);
            Map<String, String> common = serviceEnvironment(platform);
            // JSON log lines for a log collector: LOG_JSON=true reaches every service.
            if (env.containsKey("LOG_JSON")) {
                common.put("LOG_JSON", env.get("LOG_JSON"));
            }
            // Tracing (QUARKUS_OTEL_SDK_DISABLED=false, OTEL_EXPORTER_OTLP_*) reaches every service too.
            env.forEach((key, value) -> {
                if (key.startsWith("OTEL_") || key.startsWith("QUARKUS_OTEL_")) {
                    common.put(key, value);
                }
            });

            Map<String, String> ingestEnv = new HashMap<>(common);
            ingestEnv.put("MANAGEMENT_PORT", Integer.toString(ports.ingestManagement()));
            starters.add(() -> ServiceProcess.start("contact-ingest", root.resolve("contact-ingest"), ports.ingest(),
                    ingestEnv, javaOptions, logDir.resolve("contact-ingest.log")));
            Map<String, String> scorerEnv = new HashMap<>(common);
            scorerEnv.put("MANAGEMENT_PORT", Integer.toString(ports.scorerManagement()));
            scorerEnv.put("DB_NAME", SCORER_DATABASE);
            // The console, served by alert-service, reads health from the browser.
            scorerEnv.put("CONSOLE_ORIGINS", "http://localhost:" + ports.alerts() + ",http://127.0.0.1:" + ports.alerts());
            starters.add(() -> ServiceProcess.start("health-scorer", root.resolve("health-scorer"), ports.scorer(),
                    scorerEnv, javaOptions, logDir.resolve("health-scorer.log")));
            Map<String, String> alertsEnv = new HashMap<>(common);
            alertsEnv.put("DB_NAME", ALERTS_DATABASE);
            alertsEnv.put("MANAGEMENT_PORT", Integer.toString(ports.alertsManagement()));
            alertsEnv.put("SCORER_URL", "http://127.0.0.1:" + ports.scorer());
            alertsEnv.put("ALERTS_PUBLIC_SCORER_URL", "http://localhost:" + ports.scorer());
            starters.add(() -> ServiceProcess.start("alert-service", root.resolve("alert-service"), ports.alerts(),
                    alertsEnv, javaOptions, logDir.resolve("alert-service.log")));
            starters.forEach(starter -> services.add(starter.get()));
            for (ServiceProcess service : services) {
                service.awaitReady(READY_TIMEOUT);
            }
            return new LocalSystem(platform, ownsPlatform, services, starters);
        } catch (RuntimeException e) {
            services.forEach(ServiceProcess::close);
            throw e;
        }
    }

    /**
     * The services' JVM options when they share one machine with the broker and the database: a
     * 512 MiB heap, and G1 collecting on one thread. With the cores shared, a young collection's
     * parallel threads wait for a core while every thread of that JVM is stopped (Flight Recorder
     * in the end-to-end benchmark: pauses of 217 ms wall clock for 50 ms of collector CPU).
     */
    public static final String SHARED_MACHINE_JAVA_OPTS = "-Xmx512m -XX:+UseG1GC -XX:ParallelGCThreads=1 -XX:ConcGCThreads=1";

    /** JVM options of the services: {@code EW_SERVICE_JAVA_OPTS}, or {@link #SHARED_MACHINE_JAVA_OPTS}. */
    public static List<String> javaOptions(Map<String, String> env) {
        return List.of(env.getOrDefault("EW_SERVICE_JAVA_OPTS", SHARED_MACHINE_JAVA_OPTS).trim().split("\\s+"));
    }

    /** The environment that points a service at the platform's Kafka and PostgreSQL. */
    public static Map<String, String> serviceEnvironment(Platform platform) {
        Postgres pg = platform.postgres();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", platform.bootstrapServers());
        env.put("DB_HOST", pg.host());
        env.put("DB_PORT", Integer.toString(pg.port()));
        env.put("DB_USER", pg.user());
        env.put("DB_PASSWORD", pg.password());
        env.putAll(platform.tokens().serviceEnvironment());
        // The demo, test and benchmark receivers listen on loopback over plain http: allow-listed
        // on this machine only (alert-service; a deployment lists its own internal receivers, if any).
        env.put("ALERTS_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1,localhost");
        env.put("ALERTS_SECRETS_KEY", platform.secretsKey());
        return env;
    }

    public Platform platform() {
        return platform;
    }

    public List<ServiceProcess> services() {
        return services;
    }

    public String ingestUrl() {
        return services.get(0).url();
    }

    public String scorerUrl() {
        return services.get(1).url();
    }

    public String alertsUrl() {
        return services.get(2).url();
    }

    /**
     * Stops a service (it drains its work and closes its connections) and starts it again on the same
     * ports; returns once it is ready. What a deployment's rolling restart does to its clients.
     */
    public ServiceProcess restart(String name) {
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).name().equals(name)) {
                ServiceProcess stopped = services.get(i);
                stopped.close();
                try {
                    // The new process writes a new log; the stopped one's stays beside it.
                    java.nio.file.Files.move(stopped.logFile(), stopped.logFile().resolveSibling(
                            stopped.logFile().getFileName() + ".previous"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                ServiceProcess started = starters.get(i).get();
                services.set(i, started);
                started.awaitReady(READY_TIMEOUT);
                return started;
            }
        }
        throw new IllegalArgumentException("No service " + name);
    }

    /** Stops the services first (they drain their work), then Kafka and PostgreSQL. */
    @Override
    public void close() {
        try {
            services.parallelStream().forEach(ServiceProcess::close);
        } finally {
            if (ownsPlatform) {
                platform.close();
            }
        }
    }
}
