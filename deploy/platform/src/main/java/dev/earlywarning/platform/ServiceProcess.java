package dev.earlywarning.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service running in its own JVM. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path logFile;

    private ServiceProcess(String name, Process process, int port, int managementPort, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with the given environment. The
     * management interface (health, metrics) listens on {@code MANAGEMENT_PORT} if the environment
     * names one, else on a free port.
     *
     * @param javaOptions extra JVM options, e.g. from {@code EW_SERVICE_JAVA_OPTS}
     */
    public static ServiceProcess start(String name, Path moduleDir, int port, Map<String, String> env,
                                       List<String> javaOptions, Path logFile) {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        return start(name, jar, null, port, env, javaOptions, logFile);
    }

    /**
     * Starts a service's {@code quarkus-run.jar} wherever it lies (a container image's working
     * directory, say), from the folder it lies in.
     */
    public static ServiceProcess startJar(String name, Path jar, int port, Map<String, String> env,
                                          List<String> javaOptions, Path logFile) {
        return start(name, jar, jar.getParent(), port, env, javaOptions, logFile);
    }

    private static ServiceProcess start(String name, Path jar, Path workingDirectory, int port, Map<String, String> env,
                                        List<String> javaOptions, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(KafkaBroker.javaExecutable());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory == null ? null : workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().putAll(env);
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        int managementPort = env.containsKey("MANAGEMENT_PORT") ? Integer.parseInt(env.get("MANAGEMENT_PORT"))
                : FreePorts.next();
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        try {
            Files.createDirectories(logFile.getParent());
            return new ServiceProcess(name, builder.start(), port, managementPort, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** The operating-system process id (for jcmd and friends). */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: {@code /q/health}, {@code /q/metrics}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early if the process exits. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            Processes.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile);
    }

    /**
     * Appends a thread dump (jcmd Thread.print) and the health report to the service's log and
     * returns where: for a test that gives up waiting on the service, what every thread was doing.
     */
    public Path diagnose() {
        StringBuilder report = new StringBuilder("\n==== diagnosis of " + name + " ====\n");
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health")).timeout(Duration.ofSeconds(5))
                    .build();
            report.append(HTTP.send(health, HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        } catch (IOException e) {
            report.append("health: ").append(e).append('\n');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            report.append(new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            dump.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            report.append("thread dump: ").append(e).append('\n');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.writeString(logFile, report, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logFile;
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops gracefully (SIGTERM lets Quarkus finish in-flight work), forcibly after 20 s. */
    @Override
    public void close() {
        Processes.stop(process);
    }

}
