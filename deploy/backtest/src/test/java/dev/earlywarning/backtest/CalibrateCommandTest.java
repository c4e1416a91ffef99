package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.policy.PolicyLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The calibration command as a user runs it, on small hand-made histories written as files: events
 * as JSON Lines in the published schema, outcomes as CSV or as relationship_ended events.
 */
class CalibrateCommandTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant SPLIT_DAY = START.plus(Duration.ofDays(182));

    /**
     * 3,000 customers with a monthly friendly contact and one incident each: an open complaint or a
     * broken promise. Who leaves after which incident is the world's rule: {@code complaintsDrive} in
     * the first half-year, {@code complaintsDriveLater} in the second.
     */
    private static void history(Path events, Path outcomes, boolean complaintsDrive, boolean complaintsDriveLater,
                                boolean outcomesAsEvents) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (BufferedWriter out = Files.newBufferedWriter(events);
             BufferedWriter ends = outcomes == null ? null : Files.newBufferedWriter(outcomes)) {
            if (ends != null) {
                ends.write("customerId,endedAt\n");
            }
            for (int c = 0; c < 3_000; c++) {
                String customer = "H" + c;
                Instant incident = START.plus(Duration.ofDays(10 + random.nextInt(300))).plusSeconds(random.nextInt(80_000));
                boolean complaint = random.nextBoolean();
                boolean drives = incident.isBefore(SPLIT_DAY) ? complaint == complaintsDrive : complaint == complaintsDriveLater;
                Instant left = random.nextDouble() < (drives ? 0.6 : 0.02)
                        ? incident.plus(Duration.ofDays(5 + random.nextInt(40))) : null;
                for (int month = 0; month < 12; month++) {
                    Instant at = START.plus(Duration.ofDays(30L * month + random.nextInt(28))).plusSeconds(c);
                    if (left != null && !at.isBefore(left)) {
                        break;
                    }
                    out.write(("{\"eventId\":\"%s-m%d\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"segment\":\"retail\","
                            + "\"type\":\"contact\",\"channel\":\"phone\",\"direction\":\"inbound\",\"journey\":\"information\","
                            + "\"outcome\":\"resolved\",\"sentiment\":\"positive\"}\n").formatted(customer, month, customer, at));
                }
                if (complaint) {
                    out.write(("{\"eventId\":\"%s-k\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"segment\":\"retail\","
                            + "\"type\":\"complaint_opened\",\"caseRef\":\"K-%s\"}\n").formatted(customer, customer, incident, customer));
                } else {
                    out.write(("{\"eventId\":\"%s-p\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"segment\":\"retail\","
                            + "\"type\":\"promise_made\",\"promiseId\":\"P-%s\",\"promiseDueAt\":\"%s\"}\n")
                            .formatted(customer, customer, incident, customer, incident.plus(Duration.ofDays(1))));
                    out.write(("{\"eventId\":\"%s-pb\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"segment\":\"retail\","
                            + "\"type\":\"promise_broken\",\"promiseId\":\"P-%s\"}\n")
                            .formatted(customer, customer, incident.plus(Duration.ofDays(2)), customer));
                }
                if (left != null) {
                    if (outcomesAsEvents) {
                        out.write(("{\"eventId\":\"%s-end\",\"customerId\":\"%s\",\"occurredAt\":\"%s\","
                                + "\"type\":\"relationship_ended\",\"reason\":\"left\"}\n").formatted(customer, customer, left));
                    } else {
                        ends.write(customer + "," + left + "\n");
                    }
                }
            }
            // The data's end: one last event on the year's last day.
            out.write(("{\"eventId\":\"last\",\"customerId\":\"H-last\",\"occurredAt\":\"%s\",\"type\":\"contact\","
                    + "\"channel\":\"email\"}\n").formatted(START.plus(Duration.ofDays(364))));
        }
    }

    /** A policy that knows one thing: the given rule raises the risk, nothing else does. */
    private static Path policyWeighting(Path dir, String rule) throws IOException {
        String text = PolicyWriter.builtInText();
        int start = text.indexOf("  coefficients:\n", text.indexOf("\nrisk:"));
        int end = text.indexOf("\nalerting:", start);
        StringBuilder coefficients = new StringBuilder("  coefficients:\n");
        for (String name : dev.earlywarning.scorer.domain.RiskFeatures.NAMES) {
            coefficients.append("    ").append(name).append(": ").append(name.equals(rule) ? "1.5" : "0.0").append('\n');
        }
        Path file = dir.resolve(rule + "-policy.yaml");
        Files.writeString(file, text.substring(0, start) + coefficients.toString().stripTrailing() + text.substring(end));
        return file;
    }

    private static int calibrate(String... args) {
        return new CommandLine(new CalibrateMain()).execute(args);
    }

    @Test
    void fromFilesItWritesAPolicyThatLoadsWithItsProvenanceAndLearnedWhatDrivesChurn(@TempDir Path dir)
            throws IOException {
        Path events = dir.resolve("events.jsonl");
        Path outcomes = dir.resolve("outcomes.csv");
        history(events, outcomes, true, true, false);
        Path uninformed = policyWeighting(dir, "over-contact");
        Path written = dir.resolve("calibrated.yaml");

        int exit = calibrate("--events", events.toString(), "--outcomes", outcomes.toString(),
                "--policy", uninformed.toString(), "--out", written.toString(), "--budget", "60");

        assertThat(exit).isZero();
        String text = Files.readString(written);
        assertThat(text).contains("provenance:", "source: \"events.jsonl and outcomes.csv\"", "validation: {",
                "replaced: {", "budgetPerThousand: 60.0000");
        PolicyBook policy = PolicyLoader.fromFile(written);
        assertThat(policy.version()).startsWith("2026.11.1-cal.");
        var coefficients = policy.defaults().risk().coefficients();
        assertThat(coefficients.get("complaints")).isPositive().isGreaterThan(coefficients.get("promises") + 0.1);
        // The rules above the calibrated block are the current policy's, comments included.
        assertThat(text).contains("# After a negative last experience 75% will certainly not buy again");
    }

    @Test
    void outcomesMayComeAsRelationshipEndedEvents(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("events.jsonl");
        history(events, null, true, true, true);
        Path written = dir.resolve("calibrated.yaml");

        int exit = calibrate("--events", events.toString(), "--policy", policyWeighting(dir, "over-contact").toString(),
                "--out", written.toString(), "--budget", "60");

        assertThat(exit).isZero();
        var coefficients = PolicyLoader.fromFile(written).defaults().risk().coefficients();
        assertThat(coefficients.get("complaints")).isPositive().isGreaterThan(coefficients.get("promises") + 0.1);
    }

    @Test
    void aPolicyThatValidatesWorseThanTheCurrentOneIsRefusedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        // The world changes at mid-year: complaints drove churn, broken promises do now. A model fitted on
        // the older months weights complaints; the current policy, weighting promises, validates better.
        Path events = dir.resolve("events.jsonl");
        Path outcomes = dir.resolve("outcomes.csv");
        history(events, outcomes, true, false, false);
        Path current = policyWeighting(dir, "promises");
        Path written = dir.resolve("calibrated.yaml");

        int exit = calibrate("--events", events.toString(), "--outcomes", outcomes.toString(),
                "--policy", current.toString(), "--out", written.toString(), "--budget", "60");

        assertThat(exit).isEqualTo(CalibrateMain.REFUSED);
        assertThat(written).doesNotExist();
    }
}
