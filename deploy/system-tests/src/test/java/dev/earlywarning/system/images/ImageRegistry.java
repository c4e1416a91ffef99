package dev.earlywarning.system.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.FreePorts;

/**
 * A real OCI distribution registry on loopback (Debian's {@code docker-registry}, the CNCF
 * distribution registry), storing in a folder: the images are pushed to it as to any registry, and
 * read back from it.
 */
final class ImageRegistry implements AutoCloseable {

    static final String INSTALL = "sudo apt-get install -y docker-registry";
    private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private ImageRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The registry binary: Debian's {@code docker-registry}, or {@code registry} as Homebrew's
     * {@code distribution} installs it; else an error that says how to install it.
     */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"docker-registry", "registry"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("The image test pushes to a local registry: install Debian's docker-registry ("
                + INSTALL + "; on macOS: brew install distribution)");
    }

    static ImageRegistry start(Path dir) {
        try {
            Files.createDirectories(dir);
            int port = FreePorts.next();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("data"), port));
            Process process = new ProcessBuilder(binary().toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            ImageRegistry registry = new ImageRegistry(process, port);
            Instant deadline = Instant.now().plusSeconds(20);
            while (true) {
                try {
                    if (registry.get("/v2/", "application/json").statusCode() == 200) {
                        return registry;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    registry.close();
                    throw new IllegalStateException("The registry did not start: " + dir.resolve("registry.log"));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code host:port}, as image names and {@code quarkus.container-image.registry} write it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    JsonNode manifest(String repository, String tag) throws IOException {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/manifests/" + tag, ACCEPT);
        if (response.statusCode() != 200) {
            throw new AssertionError("no manifest for " + repository + ":" + tag + " (HTTP " + response.statusCode()
                    + ")");
        }
        return JSON.readTree(response.body());
    }

    byte[] blob(String repository, String digest) throws IOException {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/blobs/" + digest, "*/*");
        if (response.statusCode() != 200) {
            throw new AssertionError("no blob " + digest + " in " + repository + " (HTTP " + response.statusCode() + ")");
        }
        return response.body();
    }

    private HttpResponse<byte[]> get(String path, String accept) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + address() + path)).header("Accept", accept)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
