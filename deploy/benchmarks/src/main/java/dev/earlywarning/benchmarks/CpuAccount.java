package dev.earlywarning.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a machine's CPU goes between two moments: user + system time of every process from
 * {@code /proc} (Linux), summed per kind of process (each service, the broker, PostgreSQL, the
 * benchmark itself), and of that the JVMs' JIT compiler threads. Tells a saturated system's parts
 * apart when they share the cores, and shows a JVM still compiling (not warm) in a measured window.
 */
final class CpuAccount {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** CPU ticks of one process: all threads, and its JIT compiler threads. */
    private record Ticks(long all, long jit) {
    }

    private final Map<Long, Ticks> atStart;

    private CpuAccount(Map<Long, Ticks> atStart) {
        this.atStart = atStart;
    }

    static CpuAccount start() {
        return new CpuAccount(ticks());
    }

    /** CPU seconds per kind of process since {@link #start()}: [all, JIT compiler threads]. */
    Map<String, double[]> secondsByProcess() {
        Map<String, double[]> byKind = new TreeMap<>();
        ticks().forEach((pid, now) -> {
            Ticks before = atStart.getOrDefault(pid, new Ticks(0, 0));
            long used = now.all() - before.all();
            if (used > 0) {
                double[] sum = byKind.computeIfAbsent(kind(pid), k -> new double[2]);
                sum[0] += used / TICKS_PER_SECOND;
                sum[1] += Math.max(0, now.jit() - before.jit()) / TICKS_PER_SECOND;
            }
        });
        return byKind;
    }

    /** "label over N s, cores busy on average: kind x.xx (JIT y.yy); ... all z.zz of n": largest first. */
    String note(String label, double seconds) {
        StringBuilder note = new StringBuilder(String.format("%s over %.0f s, cores busy on average:", label, seconds));
        double total = 0;
        double jit = 0;
        for (Map.Entry<String, double[]> used : byUse()) {
            total += used.getValue()[0];
            jit += used.getValue()[1];
            if (used.getValue()[0] / seconds >= 0.005) {
                note.append(String.format(" %s %.2f", used.getKey(), used.getValue()[0] / seconds));
                if (used.getValue()[1] / seconds >= 0.005) {
                    note.append(String.format(" (JIT %.2f)", used.getValue()[1] / seconds));
                }
                note.append(';');
            }
        }
        return note.append(String.format(" all %.2f of %d, of which JIT compilers %.2f", total / seconds,
                Runtime.getRuntime().availableProcessors(), jit / seconds)).toString();
    }

    /** "label: kind x µs; ... all z µs": CPU time per item (event, request) of each kind of process. */
    String perItem(String label, long items) {
        StringBuilder note = new StringBuilder(label).append(':');
        double total = 0;
        for (Map.Entry<String, double[]> used : byUse()) {
            double micros = used.getValue()[0] * 1e6 / Math.max(1, items);
            total += micros;
            if (micros >= 0.5) {
                note.append(String.format(" %s %.1f µs;", used.getKey(), micros));
            }
        }
        return note.append(String.format(" all %.1f µs (%,d items)", total, items)).toString();
    }

    /** {@link #secondsByProcess()}, the busiest kind of process first. */
    private List<Map.Entry<String, double[]>> byUse() {
        return secondsByProcess().entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).toList();
    }

    private static Map<Long, Ticks> ticks() {
        Map<Long, Ticks> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> isNumber(p.getFileName().toString())).forEach(p -> {
                try {
                    ticks.put(Long.parseLong(p.getFileName().toString()),
                            new Ticks(used(Files.readString(p.resolve("stat"))), jitTicks(p)));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    private static long jitTicks(Path process) {
        long jit = 0;
        try (Stream<Path> threads = Files.list(process.resolve("task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre")) {
                        jit += used(stat);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return jit;
    }

    /** utime + stime of a {@code stat} line; the fields after the command name, which may hold spaces. */
    private static long used(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
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
            if (cmdline.startsWith("postgres: ")) {
                // A backend is titled "postgres: <user> <database> <client> <state>": split by database.
                String[] title = cmdline.substring("postgres: ".length()).trim().split("\\s+");
                return title.length >= 3 && title[2].contains("(") ? "postgresql " + title[1] : "postgresql (own)";
            }
            if (cmdline.startsWith("postgres") || cmdline.contains("/bin/postgres")) {
                return "postgresql (own)";
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
