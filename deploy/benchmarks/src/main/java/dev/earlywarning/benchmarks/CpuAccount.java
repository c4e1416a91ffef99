package dev.earlywarning.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a machine's CPU goes between two moments: user + system time of every process from
 * {@code /proc} (Linux), summed per kind of process (each service, the broker, PostgreSQL, the
 * benchmark itself). Tells a saturated system's parts apart when they share the cores.
 */
final class CpuAccount {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private final Map<Long, Long> ticksAtStart;

    private CpuAccount(Map<Long, Long> ticksAtStart) {
        this.ticksAtStart = ticksAtStart;
    }

    static CpuAccount start() {
        return new CpuAccount(ticks());
    }

    /** CPU seconds per kind of process since {@link #start()}, largest first. */
    Map<String, Double> secondsByProcess() {
        Map<String, Double> byKind = new TreeMap<>();
        ticks().forEach((pid, now) -> {
            long used = now - ticksAtStart.getOrDefault(pid, 0L);
            if (used > 0) {
                byKind.merge(kind(pid), used / TICKS_PER_SECOND, Double::sum);
            }
        });
        return byKind;
    }

    /** "label over N s, cores busy on average: kind x.xx; ... all y.yy of n": largest first. */
    String note(String label, double seconds) {
        StringBuilder note = new StringBuilder(String.format("%s over %.0f s, cores busy on average:", label, seconds));
        double total = 0;
        for (Map.Entry<String, Double> used : secondsByProcess().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            total += used.getValue();
            if (used.getValue() / seconds >= 0.005) {
                note.append(String.format(" %s %.2f;", used.getKey(), used.getValue() / seconds));
            }
        }
        return note.append(String.format(" all %.2f of %d", total / seconds, Runtime.getRuntime().availableProcessors()))
                .toString();
    }

    private static Map<Long, Long> ticks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // Fields after the command name, which is in parentheses and may hold spaces.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(Long.parseLong(p.getFileName().toString()),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    private static String kind(long pid) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
            if (cmdline.contains("quarkus-run.jar")) {
                for (String service : new String[] {"contact-ingest", "health-scorer", "alert-service"}) {
                    if (cmdline.contains(service)) {
                        return service;
                    }
                }
            }
            if (cmdline.contains("kafka.Kafka") || cmdline.contains("KafkaRaftServer") || cmdline.contains("kafka-server")) {
                return "kafka broker";
            }
            if (cmdline.startsWith("postgres") || cmdline.contains("/bin/postgres")) {
                return "postgresql";
            }
            if (pid == ProcessHandle.current().pid()) {
                return "benchmark (load generator, webhook receiver)";
            }
            return "other";
        } catch (IOException e) {
            return "ended";
        }
    }
}
