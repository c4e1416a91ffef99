package dev.earlywarning.backtest;

import dev.earlywarning.simulator.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Scores every detector's alerts against the ground truth, overall and per segment. */
final class Evaluation {

    static final String ALL = "all";

    private final long warmUpEnd;
    private final long end;
    private final long horizon;
    private final double observedDays;
    private final List<String> detectors;
    /** detector -> group (all, or a segment) -> tally. */
    private final Map<String, Map<String, Tally>> tallies = new ConcurrentHashMap<>();
    /** baseline -> lead of the product minus lead of the baseline, in days, for churners both caught. */
    private final Map<String, Tally> paired = new ConcurrentHashMap<>();

    Evaluation(Instant start, Instant end, Duration warmUp, Duration horizon, List<String> detectors) {
        this.warmUpEnd = start.plus(warmUp).getEpochSecond();
        this.end = end.getEpochSecond();
        this.horizon = horizon.toSeconds();
        this.observedDays = (this.end - warmUpEnd) / 86_400.0;
        this.detectors = List.copyOf(detectors);
    }

    double observedDays() {
        return observedDays;
    }

    /** Adds one customer; the detectors that raised nothing on it count it too. */
    void add(CustomerAlerts customer) {
        GroundTruth truth = customer.truth();
        long churn = truth.churned() ? truth.churnedAt().getEpochSecond() : Long.MAX_VALUE;
        boolean churner = truth.churned() && churn >= warmUpEnd;
        Map<String, Long> firstCatch = new java.util.HashMap<>();
        for (String detector : detectors) {
            Tally tally = new Tally();
            tally.customer(churner);
            Long firstInHorizon = null;
            for (long at : customer.openedAt().getOrDefault(detector, List.of())) {
                if (at < warmUpEnd || at >= churn || at >= end) {
                    continue;
                }
                boolean known = churn <= end || at + horizon <= end;
                boolean right = churn - at <= horizon;
                tally.alert(known, right);
                if (churner && right && firstInHorizon == null) {
                    firstInHorizon = at;
                }
            }
            if (firstInHorizon != null) {
                tally.caught((churn - firstInHorizon) / 86_400.0);
                firstCatch.put(detector, firstInHorizon);
            }
            Map<String, Tally> groups = tallies.computeIfAbsent(detector, d -> new ConcurrentHashMap<>());
            groups.computeIfAbsent(ALL, g -> new Tally()).add(tally);
            groups.computeIfAbsent(truth.segment(), g -> new Tally()).add(tally);
        }
        Long product = firstCatch.get(Detectors.SCORER);
        for (String detector : detectors) {
            Long other = firstCatch.get(detector);
            if (product != null && other != null && detector.startsWith(Detectors.BASELINE)) {
                Tally pair = new Tally();
                pair.caught((other - product) / 86_400.0);
                paired.computeIfAbsent(detector, d -> new Tally()).add(pair);
            }
        }
    }

    /**
     * For the churners both the product and {@code baseline} caught: how many days earlier the
     * product's first alert came (negative: later), as a tally of those differences.
     */
    Tally paired(String baseline) {
        return paired.getOrDefault(baseline, new Tally());
    }

    Tally tally(String detector, String group) {
        return tallies.getOrDefault(detector, Map.of()).getOrDefault(group, new Tally());
    }

    /** Segment names seen, sorted. */
    List<String> segments() {
        TreeMap<String, Boolean> names = new TreeMap<>();
        tallies.values().forEach(groups -> groups.keySet().stream().filter(g -> !g.equals(ALL))
                .forEach(g -> names.put(g, true)));
        return List.copyOf(names.keySet());
    }

    List<String> detectors() {
        return detectors;
    }
}
