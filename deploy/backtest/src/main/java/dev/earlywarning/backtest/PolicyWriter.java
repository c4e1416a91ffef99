package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.RiskFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a calibrated policy: the current policy's text with a new version and its calibrated block
 * (risk model, alert line, provenance) replaced. The rules above the block keep their numbers and
 * the comments citing where each comes from.
 */
final class PolicyWriter {

    static final String MARKER = "# --- calibrated:";
    private static final Pattern VERSION = Pattern.compile("(?m)^version:\\s*\"?([^\"\\n]+)\"?\\s*$");

    private PolicyWriter() {
    }

    static String builtInText() {
        try (InputStream in = PolicyWriter.class.getResourceAsStream("/scoring-policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String version(String policyText) {
        Matcher m = VERSION.matcher(policyText);
        if (!m.find()) {
            throw new IllegalArgumentException("The policy has no version line");
        }
        return m.group(1).trim();
    }

    /** A new version: the rules' version, then the calibration date. */
    static String nextVersion(String current, LocalDate today) {
        String rules = current.replaceFirst("-cal\\..*$", "");
        return rules + "-cal." + today.toString().replace("-", "");
    }

    static String write(String currentText, String version, RiskCalibration.Result result,
                        RiskCalibration.Options options, String source) {
        int marker = currentText.indexOf(MARKER);
        String rules = marker < 0 ? currentText : currentText.substring(0, marker);
        rules = VERSION.matcher(rules).replaceFirst("version: \"" + Matcher.quoteReplacement(version) + "\"");
        StringBuilder y = new StringBuilder(rules.stripTrailing()).append("\n\n");
        y.append(MARKER).append(" the churn-risk model and the alert line. The calibration command (README,\n")
                .append("# \"Calibration on your own history\") rewrites everything below this line and the version above.\n")
                .append("# Fitted on ").append(source).append(" (see provenance).\n");
        y.append("risk:\n");
        y.append("  horizon: P").append(options.horizon().toDays()).append("D\n");
        y.append("  intercepts:\n");
        result.model().intercepts().forEach((segment, b) -> y.append("    ").append(segment).append(": ")
                .append(num(b)).append('\n'));
        y.append("  coefficients:\n");
        for (int j = 0; j < RiskFeatures.NAMES.size(); j++) {
            y.append("    ").append(RiskFeatures.NAMES.get(j)).append(": ").append(num(result.model().coefficients()[j]))
                    .append('\n');
        }
        y.append("alerting:\n");
        RiskCalibration.Line fallback = result.lines().values().iterator().next();
        RiskCalibration.Line base = result.lines().getOrDefault(LogisticFit.DEFAULT, fallback);
        y.append("  default:\n");
        line(y, "    ", base, true);
        y.append("    quiet: ").append(options.quiet().toSeconds() % 86_400 == 0 ? "P" + options.quiet().toDays() + "D"
                : options.quiet().toString()).append('\n');
        // Only the segments with a line of their own (a budget of their own); the rest share the default.
        List<Map.Entry<String, RiskCalibration.Line>> own = result.lines().entrySet().stream()
                .filter(e -> !e.getKey().equals(LogisticFit.DEFAULT) && !e.getValue().equals(base)).toList();
        if (!own.isEmpty()) {
            y.append("  segments:\n");
            for (Map.Entry<String, RiskCalibration.Line> e : own) {
                y.append("    ").append(e.getKey()).append(":\n");
                line(y, "      ", e.getValue(), false);
            }
        }
        RiskCalibration.Validation v = result.fitted();
        RiskCalibration.Validation c = result.current();
        y.append("provenance:\n");
        y.append("  calibratedOn: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n');
        y.append("  source: \"").append(source.replace("\"", "'")).append("\"\n");
        y.append("  data: {from: ").append(result.dataFrom()).append(", to: ").append(result.dataTo())
                .append(", split: ").append(result.split()).append(", customers: ").append(result.customers())
                .append(", churners: ").append(result.churners()).append("}\n");
        y.append("  training: {observations: ").append(result.trainingRows()).append(", left: ")
                .append(result.trainingPositives()).append(", every: P").append(options.snapshotEvery().toDays())
                .append("D, observedUntil: ").append(result.split().minus(options.horizon())).append("}\n");
        y.append("  written: {refitOn: ").append(result.labelledRows())
                .append(" observations, all labelled ones, after validation}\n");
        y.append(validation("  validation", v));
        y.append(validation("  replaced", c));
        y.append("  baseRate: ").append(num(result.baseRate())).append('\n');
        return y.toString();
    }

    private static void line(StringBuilder y, String indent, RiskCalibration.Line line, boolean withMode) {
        if (withMode) {
            y.append(indent).append("mode: RISK\n");
        }
        y.append(indent).append("threshold: ").append(num(line.threshold())).append('\n');
        y.append(indent).append("recoverBelow: ").append(num(line.recoverBelow())).append('\n');
        y.append(indent).append("criticalAt: ").append(num(line.criticalAt())).append('\n');
        y.append(indent).append("budgetPerThousand: ").append(num(line.budgetPerThousand())).append('\n');
    }

    private static String validation(String key, RiskCalibration.Validation v) {
        return String.format(Locale.ROOT, "%s: {observations: %d, left: %d, auc: %s, calibrationError: %s, "
                        + "logLoss: %s, alertsPerThousandPerMonth: %s, precisionAtBudget: %s, recall: %s, "
                        + "medianLeadDays: %s}%n", key, v.rows(), v.positives(), num(v.auc()), num(v.calibrationError()),
                num(v.logLoss()), num(v.alertsPerThousandPerMonth()), num(v.precision()), num(v.recall()),
                num(v.medianLeadDays()));
    }

    private static String num(double value) {
        if (Double.isNaN(value)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
