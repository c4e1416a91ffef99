package dev.earlywarning.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the backtest report: Markdown, with the charts as PNG images next to it. */
final class Report {

    static final List<String> BASELINES = List.of(Detectors.NPS_DETRACTOR, Detectors.NEGATIVE_LAST_CONTACT,
            Detectors.SILENCE_30_DAYS, Detectors.CANCELLATION_ENQUIRY);
    static final List<String> PRODUCTS = List.of(Detectors.NO_EXIT_INTENT, Detectors.SHIPPED, Detectors.BANDS,
            Detectors.GBM, Detectors.SCORE_RANK);

    /** The bar for the fitted product, each line saying whether it is met. */
    static List<String> checks(Backtest.Result result) {
        Evaluation e = result.evaluation();
        Tally product = e.tally(Detectors.SCORER, Evaluation.ALL);
        Tally gbm = e.tally(Detectors.GBM, Evaluation.ALL);
        double volume = product.volume(e.observedDays());
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "alert volume %.1f per 1,000 customers a month (budget 50)", volume));
        lines.add(check(product.precision() >= 0.9 * gbm.precision(), String.format(Locale.ROOT,
                "precision %.1f%% >= 90%% of the gradient-boosted model's %.1f%% at the same volume",
                100 * product.precision(), 100 * gbm.precision())));
        lines.add(check(product.precision() >= 4 * result.baseRate(), String.format(Locale.ROOT,
                "precision %.1f%% >= 4 x the base rate %.1f%% (%.1f x)", 100 * product.precision(),
                100 * result.baseRate(), product.precision() / result.baseRate())));
        lines.add(check(product.recall() >= 0.4, String.format(Locale.ROOT, "recall %.1f%% >= 40%%",
                100 * product.recall())));
        lines.add(check(product.leadQuantile(0.5) >= 18, String.format(Locale.ROOT, "median lead %.0f days >= 18",
                product.leadQuantile(0.5))));
        lines.add(String.format(Locale.ROOT, "churners warned >= 14 days ahead %.1f%%, >= 30 days ahead %.1f%%",
                100 * product.warnedAhead(14), 100 * product.warnedAhead(30)));
        return lines;
    }

    private static String check(boolean met, String what) {
        return (met ? "met: " : "NOT met: ") + what;
    }

    /** How the product compares with one baseline. */
    record Comparison(String baseline, boolean beatsAsShipped, Integer bestThreshold, boolean beatsAtSomeThreshold) {
    }

    private Report() {
    }

    static List<Comparison> compare(Backtest.Result result) {
        Evaluation e = result.evaluation();
        Tally scorer = e.tally(Detectors.SCORER, Evaluation.ALL);
        List<Comparison> comparisons = new ArrayList<>();
        for (String baseline : BASELINES) {
            Tally b = e.tally(baseline, Evaluation.ALL);
            boolean asShipped = scorer.precision() >= b.precision() && scorer.leadQuantile(0.5) > b.leadQuantile(0.5);
            Integer best = null;
            double bestLead = -1;
            for (int threshold : result.options().thresholds()) {
                Tally t = e.tally(Detectors.threshold(threshold), Evaluation.ALL);
                if (t.precision() >= b.precision() && t.leadQuantile(0.5) > bestLead) {
                    bestLead = t.leadQuantile(0.5);
                    best = threshold;
                }
            }
            comparisons.add(new Comparison(baseline, asShipped, best, best != null && bestLead > b.leadQuantile(0.5)));
        }
        return comparisons;
    }

    static String section(Backtest.Result result, Path out) throws IOException {
        Evaluation e = result.evaluation();
        String name = result.name();
        StringBuilder md = new StringBuilder();
        var config = result.config();
        md.append("## Population `").append(name).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Seed %d, %,d customers over %d days from %s, annual churn rate %.0f%% "
                        + "(%.0f%% of it unrelated to the relationship), segments %s. Config: [`%s.simulation.yaml`](%s.simulation.yaml). "
                        + "%,d events; simulated, scored and evaluated in %.0f s. Solved `actOnIntent` = %.3f.%n%n",
                config.seed(), config.customers(), config.days(), config.start(), 100 * config.annualChurnRate(),
                100 * config.unrelatedChurnShare(), segments(config), name, name, result.events(), result.seconds(),
                result.actOnIntent()));
        md.append("Calibration of this population (first 20,000 customers):\n\n```\n")
                .append(result.calibration().describe(config.calibration())).append("```\n\n");

        md.append(String.format(Locale.ROOT, "Policy fitted on `%s`; base rate (a customer leaving within %d days "
                        + "of a random day) %.1f%%; cancellation enquiries from customers who stayed: %.0f%% of all.%n%n",
                result.fittedOn(), result.options().horizon().toDays(), 100 * result.baseRate(),
                100 * result.enquiryStayerShare()));
        md.append("### The product against the baselines\n\n");
        md.append(tableHeader("Detector"));
        md.append(row("**Early Warning** (policy fitted on `" + result.fittedOn() + "`)",
                e.tally(Detectors.SCORER, Evaluation.ALL), e));
        for (String product : PRODUCTS) {
            md.append(row(product, e.tally(product, Evaluation.ALL), e));
        }
        for (String baseline : BASELINES) {
            md.append(row(baseline, e.tally(baseline, Evaluation.ALL), e));
        }
        md.append(row("*" + Detectors.RANDOM + "*", e.tally(Detectors.RANDOM, Evaluation.ALL), e));
        md.append('\n');
        md.append("Against the bar (at the fitted product's volume):\n\n");
        for (String line : checks(result)) {
            md.append("- ").append(line).append('\n');
        }
        md.append('\n');
        md.append("### The models on the same observations\n\n");
        md.append("Every customer observed every 15 days after the warm-up; label: left within the horizon.\n\n");
        md.append("| Model | AUC | Calibration error |\n| --- | ---: | ---: |\n");
        for (Backtest.ModelFigures m : result.models()) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.4f |%n", m.name(), m.auc(), m.calibrationError()));
        }
        md.append('\n');
        md.append(String.format(Locale.ROOT, "### When a rule fires, how many customers left within %d days%n%n"
                + "Base rate %.1f%%. A rule counts once per customer per horizon when it newly lowers health; red "
                + "flags apart.%n%n| Rule | | Fired | Left | × base rate |%n| --- | --- | ---: | ---: | ---: |%n",
                result.options().horizon().toDays(), 100 * result.baseRate()));
        for (RiskCalibration.RuleRate rule : result.rules()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f%% | %.1f |%n", rule.rule(),
                    rule.redFlag() ? "red flag" : "", rule.fired(), 100 * rule.rate(), rule.rate() / result.baseRate()));
        }
        md.append('\n');
        md.append("The same churners, two detectors: for the churners both caught, how much earlier the product's "
                + "first alert came.\n\n");
        md.append("| Baseline | Churners both caught | Product earlier | Same day | Product later | Median difference (days) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (String baseline : BASELINES) {
            double[] differences = e.paired(baseline).leadTimes();
            long earlier = java.util.Arrays.stream(differences).filter(d -> d >= 1).count();
            long later = java.util.Arrays.stream(differences).filter(d -> d <= -1).count();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s |%n", baseline, differences.length,
                    share(earlier, differences.length), share(differences.length - earlier - later, differences.length),
                    share(later, differences.length), days(e.paired(baseline).leadQuantile(0.5))));
        }
        md.append('\n');
        for (Comparison c : compare(result)) {
            Tally b = e.tally(c.baseline(), Evaluation.ALL);
            Tally s = e.tally(Detectors.SCORER, Evaluation.ALL);
            md.append(String.format(Locale.ROOT, "- Against *%s*: %s", c.baseline(), c.beatsAsShipped()
                    ? "**beats it** as shipped: longer median lead time (%.1f vs %.1f days) at equal or better precision (%.1f%% vs %.1f%%)."
                    .formatted(s.leadQuantile(0.5), b.leadQuantile(0.5), 100 * s.precision(), 100 * b.precision())
                    : "**does not beat it** as shipped (median lead %.1f vs %.1f days, precision %.1f%% vs %.1f%%)."
                    .formatted(s.leadQuantile(0.5), b.leadQuantile(0.5), 100 * s.precision(), 100 * b.precision())));
            if (c.bestThreshold() != null) {
                Tally t = e.tally(Detectors.threshold(c.bestThreshold()), Evaluation.ALL);
                md.append(String.format(Locale.ROOT, " Alerting on the score below %d instead: precision %.1f%%, median lead %.1f days%s.",
                        c.bestThreshold(), 100 * t.precision(), t.leadQuantile(0.5),
                        c.beatsAtSomeThreshold() ? " (beats it)" : " (does not beat it)"));
            } else {
                md.append(" No score threshold reaches its precision.");
            }
            md.append('\n');
        }
        md.append('\n');

        String pvChart = "img/" + name + "-precision-volume.png";
        String leadChart = "img/" + name + "-lead-time.png";
        String calibrationChart = "img/" + name + "-calibration.png";
        String prChart = "img/" + name + "-precision-recall.png";
        Files.createDirectories(out.resolve("img"));
        precisionVolumeChart(result, out.resolve(pvChart));
        leadTimeChart(result, out.resolve(leadChart));
        calibrationChart(result, out.resolve(calibrationChart));
        precisionRecallChart(result, out.resolve(prChart));
        md.append("![precision against alert volume](").append(pvChart).append(")\n");
        md.append("![lead-time distribution](").append(leadChart).append(")\n");
        md.append("![calibration: predicted risk against the share who left](").append(calibrationChart).append(")\n");
        md.append("![shipped score: precision and recall against the alert threshold](").append(prChart).append(")\n\n");

        md.append("### Alert threshold sweep of the shipped health score (alert when it falls below; cleared 5 points above)\n\n");
        md.append(tableHeader("Threshold"));
        for (int threshold : result.options().thresholds()) {
            md.append(row("below " + threshold, e.tally(Detectors.threshold(threshold), Evaluation.ALL), e));
        }
        md.append("\n### The fitted product's alerts by cause\n\n");
        md.append(tableHeader("Cause"));
        for (String cause : result.causes()) {
            Tally t = e.tally(Detectors.CAUSE + cause, Evaluation.ALL);
            if (t.alerts > 0) {
                md.append(row(cause, t, e));
            }
        }
        md.append("\nRecall per cause counts the churners that cause alone caught.\n");
        md.append("\n### By segment\n\n");
        md.append("| Segment | Detector | Customers | Churners | Alerts / 1,000 / month | Precision | Recall | Median lead (days) |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String segment : e.segments()) {
            List<String> detectors = new ArrayList<>(List.of(Detectors.SCORER));
            detectors.addAll(BASELINES);
            for (String detector : detectors) {
                Tally t = e.tally(detector, segment);
                md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %.1f | %s | %s | %s |%n", segment,
                        detector.equals(Detectors.SCORER) ? "Early Warning" : detector, t.customers, t.churners,
                        t.volume(e.observedDays()), pct(t.precision()), pct(t.recall()), days(t.leadQuantile(0.5))));
            }
        }
        md.append('\n');
        return md.toString();
    }

    private static String segments(dev.earlywarning.simulator.SimulationConfig config) {
        List<String> parts = new ArrayList<>();
        config.segments().forEach((segment, s) -> parts.add(String.format(Locale.ROOT, "%s %.0f%% (%.0f%% silent)",
                segment, 100 * s.share(), 100 * s.silentShare())));
        return String.join(", ", parts);
    }

    private static String tableHeader(String first) {
        return "| " + first + " | Alerts / 1,000 customers / month | Precision | Recall | Median lead (days) | Lead p25–p75 (days) "
                + "| Churners warned ≥ 14 d ahead | ≥ 30 d ahead | Churners caught |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    }

    private static String row(String label, Tally t, Evaluation e) {
        return String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s–%s | %s | %s | %,d of %,d |%n", label,
                t.volume(e.observedDays()), pct(t.precision()), pct(t.recall()), days(t.leadQuantile(0.5)),
                days(t.leadQuantile(0.25)), days(t.leadQuantile(0.75)), pct(t.warnedAhead(14)), pct(t.warnedAhead(30)),
                t.caught, t.churners);
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    private static String pct(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }

    private static String days(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static void precisionRecallChart(Backtest.Result result, Path file) throws IOException {
        Evaluation e = result.evaluation();
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title(result.name() + ": precision and recall against the alert threshold")
                .xAxisTitle("alert when the health score falls below").yAxisTitle("%").build();
        int[] thresholds = result.options().thresholds();
        double[] x = new double[thresholds.length];
        double[] precision = new double[thresholds.length];
        double[] recall = new double[thresholds.length];
        for (int i = 0; i < thresholds.length; i++) {
            Tally t = e.tally(Detectors.threshold(thresholds[i]), Evaluation.ALL);
            x[i] = thresholds[i];
            precision[i] = 100 * t.precision();
            recall[i] = 100 * t.recall();
        }
        chart.addSeries("precision", x, precision);
        chart.addSeries("recall", x, recall);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void precisionVolumeChart(Backtest.Result result, Path file) throws IOException {
        Evaluation e = result.evaluation();
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title(result.name() + ": precision against alert volume (one alert line for all segments)")
                .xAxisTitle("alerts per 1,000 customers per month").yAxisTitle("precision (%)").build();
        for (Backtest.ModelFigures m : result.models()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double[] point : m.precisionVolume()) {
                if (point[0] > 1 && point[0] <= 250 && !Double.isNaN(point[1])) {
                    x.add(point[0]);
                    y.add(100 * point[1]);
                }
            }
            if (x.size() > 1) {
                chart.addSeries(m.name(), x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        List<String> points = new ArrayList<>(List.of(Detectors.SCORER));
        points.addAll(BASELINES);
        for (String detector : points) {
            Tally t = e.tally(detector, Evaluation.ALL);
            double volume = t.volume(e.observedDays());
            if (Double.isNaN(t.precision()) || volume > 250) {
                continue;
            }
            XYSeries series = chart.addSeries(detector.equals(Detectors.SCORER) ? "Early Warning (fitted policy)" : detector,
                    new double[] {volume}, new double[] {100 * t.precision()});
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void calibrationChart(Backtest.Result result, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(520)
                .title(result.name() + ": calibration (deciles of predicted risk)")
                .xAxisTitle("predicted risk of leaving within the horizon (%)").yAxisTitle("share who left (%)").build();
        double max = 0;
        for (Backtest.ModelFigures m : result.models()) {
            if (m.name().startsWith("health score")) {
                continue; // a ranking, not a probability
            }
            double[] x = m.calibrationCurve().stream().mapToDouble(p -> 100 * p[0]).toArray();
            double[] y = m.calibrationCurve().stream().mapToDouble(p -> 100 * p[1]).toArray();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.max(x[i], y[i]));
            }
            chart.addSeries(m.name(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        chart.addSeries("perfect calibration", new double[] {0, max}, new double[] {0, max}).setMarker(SeriesMarkers.NONE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void leadTimeChart(Backtest.Result result, Path file) throws IOException {
        Evaluation e = result.evaluation();
        int binDays = 10;
        int bins = (int) Math.ceil(result.options().horizon().toDays() / (double) binDays);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add((i * binDays) + "–" + ((i + 1) * binDays));
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
                .title(result.name() + ": lead time, first alert to cancellation (caught churners)")
                .xAxisTitle("days before cancellation").yAxisTitle("churners caught").build();
        List<String> detectors = new ArrayList<>(List.of(Detectors.SCORER));
        detectors.addAll(BASELINES);
        for (String detector : detectors) {
            List<Number> counts = new ArrayList<>();
            for (int i = 0; i < bins; i++) {
                counts.add(0);
            }
            for (double lead : e.tally(detector, Evaluation.ALL).leadTimes()) {
                int bin = Math.min(bins - 1, (int) (lead / binDays));
                counts.set(bin, counts.get(bin).intValue() + 1);
            }
            chart.addSeries(detector.equals(Detectors.SCORER) ? "Early Warning (fitted policy)" : detector, labels, counts);
        }
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
