package dev.earlywarning.system.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.platform.FreePorts;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.ServiceProcess;

/**
 * The services' container images, as the Maven build makes them (quarkus-container-image-jib, no
 * Docker daemon): built and pushed to a real registry on loopback, read back layer by layer, saved
 * as an image tarball ({@code docker load -i}), and the service each contains started from the
 * image's own files until it reports ready. No image runtime exists here, so the base image is a
 * stand-in holding only the user the image runs as; the jar, its libraries, the entrypoint, the
 * user, the ports and the labels are the image's own.
 */
class ImageIT {

    private static final Path ROOT = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath()
            .normalize();
    private static final Path WORK = ROOT.resolve("deploy/system-tests/target/images");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("earlywarning.version", "0.1.0-SNAPSHOT");
    private static ImageRegistry registry;

    @BeforeAll
    static void buildAndPush() throws Exception {
        ImageRegistry.binary();
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        registry = ImageRegistry.start(WORK.resolve("registry"));
        Path base = StandInBase.write(WORK.resolve("base.tar"));

        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "package",
                "-Dmaven.test.skip=true", "-pl", "contact-ingest,health-scorer,alert-service", "-am",
                "-Dquarkus.container-image.push=true",
                "-Dquarkus.container-image.registry=" + registry.address(),
                "-Dquarkus.container-image.insecure=true",
                "-Dquarkus.jib.base-jvm-image=tar://" + base));
        if ("offline=true".equals(System.getProperty("earlywarning.maven.offline"))) {
            command.add(2, "-o");
        }
        Path log = WORK.resolve("build.log");
        Process build = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("the image build took over 10 minutes: " + log);
        }
        assertThat(build.exitValue()).as("the image build (%s)", log).isZero();
        assertThat(Files.readString(log)).contains("Pushed container image " + registry.address()
                + "/early-warning/contact-ingest:" + VERSION);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"contact-ingest, 8081, 9081, ", "health-scorer, 8082, 9082, health_scorer",
                "alert-service, 8083, 9083, alert_service"})
    void theImageRunsAsANonRootUserAndTheServiceItContainsStarts(String service, int port, int managementPort,
                                                                 String database) throws Exception {
        String repository = "early-warning/" + service;
        JsonNode manifest = registry.manifest(repository, VERSION);
        JsonNode config = JSON.readTree(registry.blob(repository, manifest.at("/config/digest").asText()));
        JsonNode runtime = config.get("config");

        assertThat(runtime.get("User").asText()).as("the user the image runs as").isEqualTo("185");
        assertThat(runtime.get("ExposedPorts").has(port + "/tcp")).isTrue();
        assertThat(runtime.get("ExposedPorts").has(managementPort + "/tcp")).isTrue();
        assertThat(runtime.at("/Labels/org.opencontainers.image.title").asText()).isEqualTo(service);
        List<String> entrypoint = new ArrayList<>();
        runtime.get("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(entrypoint).containsSubsequence("java", "-jar", "quarkus-run.jar");
        String workingDir = runtime.get("WorkingDir").asText();

        // The image's layers, unpacked in order as a runtime would, and saved as an image tarball.
        Path dir = WORK.resolve(service);
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs);
        List<String> layerFiles = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            String digest = layer.get("digest").asText();
            byte[] blob = registry.blob(repository, digest);
            assertThat(sha256(blob)).as("layer %s as the manifest names it", digest).isEqualTo(digest);
            String file = digest.substring("sha256:".length()) + ".tar.gz";
            Files.write(dir.resolve(file), blob);
            layerFiles.add(file);
            tar(dir, "-xzf", file, "-C", rootfs.toString());
        }
        Path tarball = saveTarball(dir, service, config, layerFiles);
        assertThat(tarball).isNotEmptyFile();

        Path jar = rootfs.resolve(workingDir.substring(1)).resolve("quarkus-run.jar");
        assertThat(jar).as("the jar the entrypoint runs").isRegularFile();
        assertThat(rootfs.resolve(workingDir.substring(1)).resolve("lib/main")).isDirectory();

        Platform platform = Platform.shared();
        Map<String, String> env = new HashMap<>(LocalSystem.serviceEnvironment(platform));
        if (database != null) {
            platform.postgres().createDatabase(database);
            env.put("DB_NAME", database);
        }
        env.put("MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        try (ServiceProcess process = ServiceProcess.startJar(service, jar, FreePorts.next(), env,
                LocalSystem.javaOptions(System.getenv()), dir.resolve(service + ".log"))) {
            process.awaitReady(Duration.ofSeconds(90));
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(process.managementUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
        }
    }

    /** {@code docker save}'s format: what {@code docker load -i} and {@code podman load -i} take. */
    private static Path saveTarball(Path dir, String service, JsonNode config, List<String> layerFiles)
            throws IOException, InterruptedException {
        Path staging = dir.resolve("tarball");
        Files.createDirectories(staging);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configFile = sha256(configBytes).substring("sha256:".length()) + ".json";
        Files.write(staging.resolve(configFile), configBytes);
        ArrayNode layers = JSON.createArrayNode();
        for (String file : layerFiles) {
            Files.copy(dir.resolve(file), staging.resolve(file));
            layers.add(file);
        }
        ObjectNode entry = JSON.createObjectNode().put("Config", configFile);
        entry.putArray("RepoTags").add("early-warning/" + service + ":" + VERSION);
        entry.set("Layers", layers);
        Files.write(staging.resolve("manifest.json"), JSON.writeValueAsBytes(JSON.createArrayNode().add(entry)));
        Path tarball = WORK.resolve(service + ".tar");
        List<String> args = new ArrayList<>(List.of("-cf", tarball.toString(), "manifest.json", configFile));
        args.addAll(layerFiles);
        tar(staging, args.toArray(String[]::new));
        return tarball;
    }

    static void tar(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(args));
        Process tar = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as("tar %s: %s", String.join(" ", args), output).isZero();
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
