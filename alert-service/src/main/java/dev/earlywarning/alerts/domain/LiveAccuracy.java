package dev.earlywarning.alerts.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * How right the alerts were, from what became of the customers: the product's own hit rate.
 *
 * <ul>
 *   <li>An alert opened in the window counts unless its customer had already left. It is
 *       <b>judged</b> once its outcome is known (the customer left, or the horizon after it has
 *       passed) and <b>right</b> when the customer left within the horizon after it. Precision =
 *       right / judged.</li>
 *   <li>A <b>churner</b> is a customer who left within the window; it was <b>warned</b> when an alert
 *       opened within the horizon before it left. Recall (a proxy: only churners reported as
 *       {@code relationship_ended} are known) = warned / churners; lead time = days from the first
 *       such alert to the end.</li>
 *   <li>Operators' verdicts ({@code POST /alerts/{id}/outcome}): useful / rated.</li>
 * </ul>
 * Per cause, recall counts the churners that cause's alerts warned of; per segment, both sides
 * are that segment's. The same definitions as the backtest's, so live figures and backtest compare.
 */
public final class LiveAccuracy {

    /** One alert: whose, why, when it opened, and the operator's verdict if any (null when none). */
    public record AlertFact(String customerId, String cause, String segment, Instant openedAt, Boolean useful) {
    }

    /** A customer who left, and when. */
    public record Ending(String customerId, String segment, Instant endedAt) {
    }

    /** The figures of one group; ratios are null when there is nothing to divide by. */
    public record Figures(long alerts, long judged, long right, Double precision, long churners, long warned,
                          Double recall, Double medianLeadDays, Double warnedAhead14Days, Double warnedAhead30Days,
                          long rated, long useful, Double usefulShare) {
    }

    /** Every figure of a window. */
    public record Report(Instant from, Instant to, long horizonDays, Figures overall, Map<String, Figures> byCause,
                         Map<String, Figures> bySegment) {
    }

    private LiveAccuracy() {
    }

    /**
     * @param alerts the alerts opened from {@code from − horizon} to {@code to} (the earlier ones
     *        only serve to warn of churners in the window)
     * @param endings the customers who left, at least those who left from {@code from − horizon} on
     */
    public static Report measure(List<AlertFact> alerts, List<Ending> endings, Instant from, Instant to,
                                 Duration horizon) {
        Map<String, Instant> endedAt = new HashMap<>();
        for (Ending ending : endings) {
            endedAt.merge(ending.customerId(), ending.endedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        Map<String, List<AlertFact>> byCustomer = new HashMap<>();
        alerts.forEach(a -> byCustomer.computeIfAbsent(a.customerId(), c -> new ArrayList<>()).add(a));
        Figures overall = figures(alerts, endings, endedAt, byCustomer, from, to, horizon, a -> true, e -> true);
        Map<String, Figures> byCause = new TreeMap<>();
        alerts.stream().map(AlertFact::cause).filter(Objects::nonNull).distinct().forEach(cause ->
                byCause.put(cause, figures(alerts, endings, endedAt, byCustomer, from, to, horizon,
                        a -> cause.equals(a.cause()), e -> true)));
        Map<String, Figures> bySegment = new TreeMap<>();
        java.util.stream.Stream.concat(alerts.stream().map(AlertFact::segment), endings.stream().map(Ending::segment))
                .filter(Objects::nonNull).distinct().forEach(segment ->
                        bySegment.put(segment, figures(alerts, endings, endedAt, byCustomer, from, to, horizon,
                                a -> segment.equals(a.segment()), e -> segment.equals(e.segment()))));
        return new Report(from, to, horizon.toDays(), overall, byCause, bySegment);
    }

    private static Figures figures(List<AlertFact> alerts, List<Ending> endings, Map<String, Instant> endedAt,
                                   Map<String, List<AlertFact>> byCustomer, Instant from, Instant to,
                                   Duration horizon, Predicate<AlertFact> inGroup, Predicate<Ending> endingInGroup) {
        long counted = 0;
        long judged = 0;
        long right = 0;
        long rated = 0;
        long useful = 0;
        for (AlertFact alert : alerts) {
            if (!inGroup.test(alert) || alert.openedAt().isBefore(from) || !alert.openedAt().isBefore(to)) {
                continue;
            }
            Instant end = endedAt.get(alert.customerId());
            if (end != null && end.isBefore(alert.openedAt())) {
                continue; // raised after the customer had left: nothing to warn of
            }
            counted++;
            boolean leftInHorizon = end != null && !end.isAfter(alert.openedAt().plus(horizon));
            if (leftInHorizon || !alert.openedAt().plus(horizon).isAfter(to)) {
                judged++;
                right += leftInHorizon ? 1 : 0;
            }
            if (alert.useful() != null) {
                rated++;
                useful += alert.useful() ? 1 : 0;
            }
        }
        List<Double> leads = new ArrayList<>();
        long churners = 0;
        for (Ending ending : endings) {
            if (!endingInGroup.test(ending) || ending.endedAt().isBefore(from) || !ending.endedAt().isBefore(to)
                    || !ending.endedAt().equals(endedAt.get(ending.customerId()))) {
                continue;
            }
            churners++;
            Instant since = ending.endedAt().minus(horizon);
            byCustomer.getOrDefault(ending.customerId(), List.of()).stream().filter(inGroup)
                    .map(AlertFact::openedAt)
                    .filter(at -> !at.isBefore(since) && at.isBefore(ending.endedAt()))
                    .min(Instant::compareTo)
                    .ifPresent(first -> leads.add(Duration.between(first, ending.endedAt()).toSeconds() / 86_400.0));
        }
        double[] sorted = leads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figures(counted, judged, right, ratio(right, judged), churners, sorted.length,
                ratio(sorted.length, churners), sorted.length == 0 ? null : round(median(sorted)),
                ratio(Arrays.stream(sorted).filter(d -> d >= 14).count(), churners),
                ratio(Arrays.stream(sorted).filter(d -> d >= 30).count(), churners),
                rated, useful, ratio(useful, rated));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
