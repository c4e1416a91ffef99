package dev.earlywarning.benchmarks;

import dev.earlywarning.platform.KafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka's own performance tools (kafka-tools), each run in a child JVM so the baseline
 * gets a JVM of its own, as the services do.
 */
final class KafkaTools {

    private KafkaTools() {
    }

    /** {@code ProducerPerformance}: records/s for {@code records} records of {@code size} bytes, acks=all. */
    static double producerRecordsPerSecond(String bootstrap, String topic, long records, int size) {
        List<String> out = run("org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
                Long.toString(records), "--record-size", Integer.toString(size), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "linger.ms=5");
        return producerSummary(out);
    }

    /** "1000000 records sent, 95238.1 records/sec (36.33 MB/sec), ..." is the last summary line. */
    static double producerSummary(List<String> out) {
        for (int i = out.size() - 1; i >= 0; i--) {
            String line = out.get(i);
            int at = line.indexOf(" records/sec");
            if (line.contains("records sent") && at > 0) {
                String before = line.substring(0, at);
                return Double.parseDouble(before.substring(before.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("ProducerPerformance printed no summary: " + out);
    }

    /** {@code ConsumerPerformance}: messages/s fetching {@code messages} from the topic (fetch time, without the group join). */
    static double consumerMessagesPerSecond(String bootstrap, String topic, long messages) {
        List<String> out = run("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--messages", Long.toString(messages), "--timeout", "60000");
        return consumerSummary(out);
    }

    /** A header "start.time, end.time, ..., fetch.nMsg.sec", then one line of values. */
    static double consumerSummary(List<String> out) {
        for (int i = 0; i < out.size() - 1; i++) {
            if (out.get(i).startsWith("start.time")) {
                String[] names = out.get(i).split(",\\s*");
                String[] values = out.get(i + 1).split(",\\s*");
                for (int c = 0; c < names.length; c++) {
                    if (names[c].trim().equals("fetch.nMsg.sec")) {
                        return Double.parseDouble(values[c].trim());
                    }
                }
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no summary: " + out);
    }

    private static List<String> run(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(KafkaBroker.javaExecutable(), "-Xmx512m", "-cp", ownJar(),
                mainClass));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The jar this runs from; its manifest's Class-Path brings kafka-tools and the rest. */
    private static String ownJar() {
        try {
            return Path.of(KafkaTools.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
