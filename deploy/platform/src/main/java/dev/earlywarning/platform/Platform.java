package dev.earlywarning.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kafka and PostgreSQL together, with the system's topics created. Embedded by default; external
 * ones are taken from {@code EW_KAFKA_BOOTSTRAP_SERVERS} and {@code EW_PG_*}.
 */
public final class Platform implements AutoCloseable {

    private static Platform shared;

    private final KafkaBroker broker;
    private final String bootstrapServers;
    private final Postgres postgres;
    private final Path workDir;
    private final DevTokens tokens = DevTokens.generate();
    /** alert-service's key for signing secrets at rest, one per platform so restarts can open them. */
    private final String secretsKey = "local-" + Long.toHexString(System.nanoTime()) + ":"
            + java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));

    private Platform(KafkaBroker broker, String bootstrapServers, Postgres postgres, Path workDir) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
        this.workDir = workDir;
    }

    /** Starts (or connects to) Kafka and PostgreSQL and creates the topics. */
    public static Platform start(Map<String, String> env) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("early-warning-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String externalKafka = env.get("EW_KAFKA_BOOTSTRAP_SERVERS");
        KafkaBroker broker = null;
        String bootstrap;
        if (externalKafka != null && !externalKafka.isBlank()) {
            bootstrap = externalKafka;
        } else {
            int port = Integer.parseInt(env.getOrDefault("EW_KAFKA_PORT", "0"));
            broker = KafkaBroker.start(workDir.resolve("kafka"), port);
            bootstrap = broker.bootstrapServers();
        }
        Postgres postgres;
        try {
            postgres = Postgres.startOrConnect(env);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        Topics.createAll(bootstrap);
        return new Platform(broker, bootstrap, postgres, workDir);
    }

    /**
     * The one platform of this JVM, started on first use and stopped when the JVM exits. Every test
     * class of a test JVM shares it.
     */
    public static synchronized Platform shared() {
        if (shared == null) {
            Platform platform = start(System.getenv());
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "platform-shutdown"));
            shared = platform;
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** alert-service's {@code ALERTS_SECRETS_KEY} on this platform. */
    public String secretsKey() {
        return secretsKey;
    }

    /** The development token issuer the services of this platform trust. */
    public DevTokens tokens() {
        return tokens;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            postgres.close();
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // Temporary files only; the OS cleans up what is left.
        }
    }
}
