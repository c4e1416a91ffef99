package dev.earlywarning.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void offATerminalItPrintsPlainLinesWithRateAndEta() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Progress progress = new Progress("sending", 1000, "events", false, out);
        progress.step(250);
        String line = progress.line(System.nanoTime());
        progress.close();
        assertThat(line).matches("sending: 250/1000 events \\(25%\\), \\d+ events/s, ETA \\d+m\\d{2}s");
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("250/1000").endsWith("- done" + System.lineSeparator()).doesNotContain("\r");
    }
}
