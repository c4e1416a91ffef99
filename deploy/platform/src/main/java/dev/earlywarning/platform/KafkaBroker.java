package dev.earlywarning.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker/controller node), running in
 * its own JVM from Kafka's jars on Maven Central.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final List<String> command;
    private final String bootstrapServers;
    private final Path logFile;
    private volatile Process process;

    private KafkaBroker(List<String> command, String bootstrapServers, Path logFile) {
        this.command = command;
        this.bootstrapServers = bootstrapServers;
        this.logFile = logFile;
    }

    /**
     * Starts a broker with its data under {@code dataDir} and waits until it answers.
     *
     * @param port the client port; 0 picks a free one
     */
    public static KafkaBroker start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            int clientPort = port == 0 ? FreePorts.next() : port;
            int controllerPort = FreePorts.next();
            Path config = writeServerProperties(dataDir, clientPort, controllerPort);
            Path log4j = writeLog4jConfig(dataDir);
            Path logFile = dataDir.resolve("broker.log");

            List<String> command = new ArrayList<>(List.of(
                    javaExecutable(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-cp", brokerClasspath(),
                    BrokerProcess.class.getName(), config.toString(), Uuid.randomUuid().toString()));
            KafkaBroker broker = new KafkaBroker(List.copyOf(command), "127.0.0.1:" + clientPort, logFile);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker", e);
        }
    }

    /** Starts a stopped broker again on the same ports and data, as after an outage. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The broker is running");
        }
        launch();
    }

    private void launch() {
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker", e);
        }
        awaitReady();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                            + "; see " + logFile);
                }
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get();
                    return;
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        close();
                        throw new IllegalStateException("Kafka broker did not start within " + START_TIMEOUT
                                + "; see " + logFile, notYet);
                    }
                    Processes.sleep(200);
                }
            }
        }
    }

    /** Stops the broker (SIGTERM: Kafka flushes and shuts down cleanly), forcibly after 20 s. */
    @Override
    public void close() {
        Processes.stop(process);
    }

    private static Path writeServerProperties(Path dataDir, int clientPort, int controllerPort) throws IOException {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + clientPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                // Topics are created explicitly with their partition counts (see Topics).
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                // Fewer offset partitions: faster first consumer-group join on a small machine.
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, properties, StandardCharsets.UTF_8);
        return file;
    }

    private static Path writeLog4jConfig(Path dataDir) throws IOException {
        String config = String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                // Keeps the "Kafka Server started" line in the log.
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = info",
                "");
        Path file = dataDir.resolve("log4j2.properties");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        return file;
    }

    private static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the platform module with Maven");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation() + java.io.File.pathSeparator + jars;
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(BrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
