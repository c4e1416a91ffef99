package dev.earlywarning.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the figures of a run, prints each as it comes, and writes them as Markdown and CSV. */
final class Results {

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.println("[benchmark] " + line(figure));
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("[benchmark] " + note);
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    static String line(Figure f) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s / %s: %s %s", f.benchmark(), f.name(),
                number(f.value()), f.unit()));
        if (!Double.isNaN(f.baseline())) {
            line.append(String.format(Locale.ROOT, " (baseline %s: %s %s, ratio %.3f)", f.baselineName(),
                    number(f.baseline()), f.unit(), f.ratio()));
        }
        if (f.hasTarget()) {
            line.append(String.format(Locale.ROOT, " target %s%s: %s", f.targetIsMaximum() ? "<= " : ">= ",
                    f.targetIsMaximum() ? number(f.target()) + " " + f.unit() : number(f.target()) + " x baseline",
                    f.met() ? "met" : "MISSED"));
        }
        return line.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Writes {@code results-<benchmarks>.md} and appends to {@code history.csv} in {@code dir}. */
    synchronized void write(Path dir, String what, String command, String machine) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results: ").append(what).append("\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(machine).append(", with `").append(command)
                .append("`.\n\n");
        md.append("| benchmark | figure | value | baseline (same run) | ratio | target | |\n");
        md.append("| --- | --- | ---: | --- | ---: | --- | --- |\n");
        for (Figure f : figures) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s | %s |%n", f.benchmark(), f.name(),
                    number(f.value()), f.unit(),
                    Double.isNaN(f.baseline()) ? "" : f.baselineName() + ": " + number(f.baseline()) + " " + f.unit(),
                    Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", f.ratio()),
                    !f.hasTarget() ? "" : f.targetIsMaximum() ? "≤ " + number(f.target()) + " " + f.unit()
                            : "≥ " + number(f.target()) + " × baseline",
                    !f.hasTarget() ? "" : f.met() ? "met" : "**missed**"));
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        Files.writeString(dir.resolve("results-" + what + ".md"), md.toString());
        Path csv = dir.resolve("history.csv");
        if (!Files.exists(csv)) {
            Files.writeString(csv, "time,machine,benchmark,figure,value,unit,baseline,ratio,target,met\n");
        }
        StringBuilder rows = new StringBuilder();
        String now = Instant.now().toString();
        for (Figure f : figures) {
            rows.append(String.join(",", now, '"' + machine + '"', f.benchmark(), '"' + f.name() + '"',
                    Double.toString(f.value()), f.unit(), Double.toString(f.baseline()), Double.toString(f.ratio()),
                    Double.toString(f.target()), Boolean.toString(f.met()))).append('\n');
        }
        Files.writeString(csv, rows.toString(), java.nio.file.StandardOpenOption.APPEND);
    }
}
