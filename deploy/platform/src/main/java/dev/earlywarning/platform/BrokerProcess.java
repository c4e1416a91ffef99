package dev.earlywarning.platform;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of the broker JVM. Formats the KRaft storage on first start, then runs Kafka.
 *
 * <p>The parent keeps this process's standard input open; when the parent dies, even by
 * SIGKILL, the pipe closes and the broker exits, so no orphaned broker survives a test JVM.
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    /** Arguments: {@code <server.properties> <cluster-id>}. */
    public static void main(String[] args) throws Exception {
        String config = args[0];
        String clusterId = args[1];
        watchParent(System.in);
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", config, "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            System.err.println("Kafka storage format failed with exit code " + formatted);
            System.exit(formatted);
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static void watchParent(InputStream parentPipe) {
        Thread watcher = new Thread(() -> {
            try {
                while (parentPipe.read() >= 0) {
                    // The parent writes nothing; any byte is ignored.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as end of stream.
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
