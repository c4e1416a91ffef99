package dev.earlywarning.simulator;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long run: a live bar with rate and ETA on a terminal; on a log or a pipe, a plain
 * line every few seconds (a bar there is only control characters).
 */
public final class Progress implements AutoCloseable {

    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private long done;
    private long lastLine = started;

    public Progress(String task, long total, String unit) {
        this(task, total, unit, System.console() != null, System.err);
    }

    /** Plain lines only, for output shared with other logging. */
    public static Progress lines(String task, long total, String unit, PrintStream out) {
        return new Progress(task, total, unit, false, out);
    }

    Progress(String task, long total, String unit, boolean terminal, PrintStream out) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250).build() : null;
    }

    public synchronized void step(long count) {
        done += count;
        if (bar != null) {
            bar.stepBy(count);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= LINE_EVERY_NANOS) {
            lastLine = now;
            out.println(line(now));
        }
    }

    public synchronized long done() {
        return done;
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = rate <= 0 ? "?" : format(Duration.ofSeconds((long) ((total - done) / rate)));
        return "%s: %d/%d %s (%.0f%%), %.0f %s/s, ETA %s".formatted(task, done, total, unit,
                total == 0 ? 100.0 : 100.0 * done / total, rate, unit, eta);
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? "%dh%02dm".formatted(d.toHours(), d.toMinutesPart())
                : "%dm%02ds".formatted(d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        } else {
            out.println(line(System.nanoTime()) + " - done");
        }
    }
}
