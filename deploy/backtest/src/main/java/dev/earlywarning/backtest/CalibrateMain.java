package dev.earlywarning.backtest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.kafka.ContactEventMapper;
import dev.earlywarning.scorer.kafka.ContactEventRecord;
import dev.earlywarning.scorer.policy.PolicyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar deploy/backtest/target/calibrate-run.jar --events events.jsonl --outcomes outcomes.csv}:
 * fits the churn-risk model on an organisation's own history and writes a new policy version, unless
 * it validates worse than the current one.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit the churn-risk model and the alert line on your own history (contact events as JSON Lines "
                + "in the published schema, outcomes as CSV or relationship_ended events), validate it on the later "
                + "months, and write a new policy version with its provenance.")
public final class CalibrateMain implements Callable<Integer> {

    /** Exit code when the fitted policy validates worse than the current one and nothing is written. */
    public static final int REFUSED = 3;

    @Option(names = "--events", required = true, description = "Contact events, one JSON object per line "
            + "(docs/schemas/contact-event.v1.json); relationship_ended events among them count as outcomes")
    Path events;

    @Option(names = "--outcomes", description = "CSV with a header: customerId,endedAt (ISO-8601)")
    Path outcomes;

    @Option(names = "--policy", description = "The current policy; default: the scorer's built-in policy")
    Path policy;

    @Option(names = "--out", required = true, description = "Where to write the new policy")
    Path out;

    @Option(names = "--budget", defaultValue = "50",
            description = "Alerts per 1,000 customers per month; default ${DEFAULT-VALUE}")
    double budget;

    @Option(names = "--segment-budget", split = ",", description = "Per segment, e.g. sme=80,premium=120")
    Map<String, Double> segmentBudgets = new HashMap<>();

    @Option(names = "--source", description = "What the data is, for the policy's provenance; default: the file names")
    String sourceDescription;

    @Option(names = "--horizon-days", defaultValue = "90", description = "Risk of leaving within; default ${DEFAULT-VALUE}")
    int horizonDays;

    @Override
    public Integer call() throws IOException {
        String currentText = policy == null ? PolicyWriter.builtInText() : Files.readString(policy);
        PolicyBook current = policy == null ? PolicyLoader.builtIn() : PolicyLoader.fromFile(policy);
        History history = read(events, outcomes);
        System.out.printf(Locale.ROOT, "read %,d events of %,d customers (%,d unreadable), %,d left, %s to %s%n",
                history.events, history.facts.size(), history.unreadable, history.endedAt.size(), history.from,
                history.to);
        RiskCalibration.Options options = options().withQuiet(current.forSegment(null).alerting().quiet());
        String source = sourceDescription != null ? sourceDescription
                : events.getFileName() + (outcomes == null ? "" : " and " + outcomes.getFileName());
        RiskCalibration.Result result = calibrate(history, current, options);
        System.out.print(report(result));
        if (!result.better()) {
            System.out.printf(Locale.ROOT, "REFUSED: the fitted policy validates worse than %s (precision at the "
                    + "budget %.1f%% vs %.1f%%); nothing written%n", current.version(),
                    100 * result.fitted().precision(), 100 * result.current().precision());
            return REFUSED;
        }
        String version = PolicyWriter.nextVersion(PolicyWriter.version(currentText), LocalDate.now(ZoneOffset.UTC));
        Files.writeString(out, PolicyWriter.write(currentText, version, result, options, source));
        PolicyLoader.fromFile(out); // what was written loads
        System.out.printf("wrote %s (version %s); use it with SCORER_POLICY_FILE=%s%n", out, version, out);
        return 0;
    }

    RiskCalibration.Options options() {
        RiskCalibration.Options defaults = RiskCalibration.Options.defaults();
        Map<String, Double> budgets = new HashMap<>(segmentBudgets);
        budgets.put(LogisticFit.DEFAULT, budget);
        return new RiskCalibration.Options(Duration.ofDays(horizonDays), defaults.warmUp(), defaults.snapshotEvery(),
                budgets, defaults.recoverRatio(), defaults.ridge(), defaults.quiet());
    }

    /** An organisation's history: facts per customer, and when customers left. */
    record History(Map<String, List<ContactFact>> facts, Map<String, Instant> endedAt, Instant from, Instant to,
                   long events, long unreadable) {
    }

    static History read(Path events, Path outcomes) throws IOException {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Map<String, List<ContactFact>> facts = new HashMap<>();
        Map<String, Instant> endedAt = new HashMap<>();
        Instant from = null;
        Instant to = null;
        long count = 0;
        long unreadable = 0;
        try (BufferedReader in = Files.newBufferedReader(events)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                ContactFact fact;
                try {
                    fact = ContactEventMapper.toFact(json.readValue(line, ContactEventRecord.class));
                } catch (IOException | IllegalArgumentException e) {
                    unreadable++;
                    continue;
                }
                count++;
                from = from == null || fact.occurredAt().isBefore(from) ? fact.occurredAt() : from;
                to = to == null || fact.occurredAt().isAfter(to) ? fact.occurredAt() : to;
                if (fact.type() == ContactFact.FactType.RELATIONSHIP_ENDED) {
                    endedAt.put(fact.customerId(), fact.effectiveAt() != null ? fact.effectiveAt() : fact.occurredAt());
                } else if (fact.type() == ContactFact.FactType.RELATIONSHIP_RENEWED) {
                    endedAt.remove(fact.customerId());
                } else {
                    facts.computeIfAbsent(fact.customerId(), c -> new ArrayList<>()).add(fact);
                }
            }
        }
        if (outcomes != null) {
            List<String> lines = Files.readAllLines(outcomes);
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                if (cells.length >= 2 && !cells[0].isBlank()) {
                    endedAt.put(cells[0].trim(), Instant.parse(cells[1].trim()));
                }
            }
        }
        facts.values().forEach(list -> list.sort(Comparator.comparing(ContactFact::occurredAt)));
        if (from == null) {
            throw new IllegalArgumentException("No readable events in " + events);
        }
        return new History(facts, endedAt, from, to, count, unreadable);
    }

    static RiskCalibration.Result calibrate(History history, PolicyBook current, RiskCalibration.Options options) {
        Instant start = history.from();
        Instant end = history.to();
        TraceRecorder recorder = new TraceRecorder(current, RiskCalibration.snapshotTimes(start, end, options));
        List<CustomerTrace> traces = history.facts().entrySet().parallelStream()
                .map(e -> recorder.record(e.getKey(), e.getValue(),
                        history.endedAt().containsKey(e.getKey()) ? history.endedAt().get(e.getKey()).getEpochSecond()
                                : Long.MAX_VALUE, end))
                .toList();
        return RiskCalibration.calibrate(traces, start, end, current, options);
    }

    static String report(RiskCalibration.Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "data %s to %s, split %s: %,d customers, %,d left; trained on %,d "
                        + "observations (%,d left within the horizon); base rate %.1f%%%n", r.dataFrom(), r.dataTo(),
                r.split(), r.customers(), r.churners(), r.trainingRows(), r.trainingPositives(), 100 * r.baseRate()));
        s.append(row("fitted ", r.fitted())).append(row("current", r.current()));
        s.append("alert line per segment:");
        r.lines().forEach((segment, line) -> s.append(String.format(Locale.ROOT, " %s %.3f (budget %.0f)", segment,
                line.threshold(), line.budgetPerThousand())));
        s.append(String.format(Locale.ROOT, "%nwhen a rule fires, how many left within the horizon (base rate %.1f%%):%n",
                100 * r.baseRate()));
        for (RiskCalibration.RuleRate rule : r.rules()) {
            s.append(String.format(Locale.ROOT, "  %-26s %-9s fired %,8d  left %5.1f%%  (%.1f× the base rate)%n",
                    rule.rule(), rule.redFlag() ? "red flag" : "", rule.fired(), 100 * rule.rate(),
                    rule.rate() / r.baseRate()));
        }
        return s.toString();
    }

    private static String row(String name, RiskCalibration.Validation v) {
        return String.format(Locale.ROOT, "%s: AUC %.3f, calibration error %.4f, at %.1f alerts/1,000/month: "
                        + "precision %.1f%%, recall %.1f%%, median lead %.0f d (validation months, %,d observations)%n",
                name, v.auc(), v.calibrationError(), v.alertsPerThousandPerMonth(), 100 * v.precision(),
                100 * v.recall(), v.medianLeadDays(), v.rows());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CalibrateMain()).execute(args));
    }
}
