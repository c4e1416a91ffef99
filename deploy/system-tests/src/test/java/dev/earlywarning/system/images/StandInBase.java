package dev.earlywarning.system.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The base image of the image test, as a {@code docker save} tarball that Jib takes with
 * {@code tar://}: one layer with the user 185 (as in Red Hat's OpenJDK runtime images, Quarkus'
 * default base) and a writable {@code /tmp}. Releases build on the real base from a registry.
 */
final class StandInBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StandInBase() {
    }

    static Path write(Path tarball) throws IOException, InterruptedException {
        Path dir = tarball.resolveSibling("base");
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("home/jboss"));
        Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "jboss:x:185:0:JBoss user:/home/jboss:/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        ImageIT.tar(root, "-cf", dir.resolve("layer.tar").toString(), "etc", "home", "tmp");
        String diffId = ImageIT.sha256(Files.readAllBytes(dir.resolve("layer.tar")));

        ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        config.putObject("config").put("User", "185").putArray("Env").add("PATH=/usr/local/bin:/usr/bin:/bin");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        Files.write(dir.resolve("config.json"), JSON.writeValueAsBytes(config));
        ObjectNode manifest = JSON.createObjectNode().put("Config", "config.json");
        manifest.putArray("RepoTags").add("early-warning/stand-in-base:1");
        manifest.putArray("Layers").add("layer.tar");
        Files.write(dir.resolve("manifest.json"), JSON.writeValueAsBytes(JSON.createArrayNode().add(manifest)));
        ImageIT.tar(dir, "-cf", tarball.toString(), "manifest.json", "config.json", "layer.tar");
        return tarball;
    }
}
