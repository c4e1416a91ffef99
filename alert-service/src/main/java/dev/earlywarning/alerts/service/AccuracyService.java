package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.earlywarning.alerts.domain.LiveAccuracy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Measures the alerts against what became of the customers ({@link LiveAccuracy}) on demand, and
 * keeps the exported metrics of the default window up to date: precision, recall, median lead and
 * the operators' useful share, overall, per cause and per segment.
 */
@ApplicationScoped
public class AccuracyService {

    private static final Logger LOG = Logger.getLogger(AccuracyService.class);
    static final String ALL = "all";

    private final Pool pool;
    private final AlertsConfig config;
    private final Clock clock;
    private final MultiGauge precision;
    private final MultiGauge recall;
    private final MultiGauge lead;
    private final MultiGauge useful;
    private final MultiGauge judged;

    public AccuracyService(Pool pool, AlertsConfig config, MeterRegistry registry, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.precision = gauge(registry, "precision", "Share of judged alerts whose customer left within the horizon");
        this.recall = gauge(registry, "recall", "Share of customers who left that had an alert within the horizon before");
        this.lead = gauge(registry, "lead.days", "Median days from the first alert to the customer leaving");
        this.useful = gauge(registry, "useful.share", "Share of operator-rated alerts rated useful");
        this.judged = gauge(registry, "judged", "Alerts whose outcome is known");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder("ew.alerts.accuracy." + name).description(description).register(registry);
    }

    /** The figures of alerts opened within the last {@code window}. */
    public Uni<LiveAccuracy.Report> measure(Duration window) {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        Duration horizon = config.accuracy().horizon();
        OffsetDateTime since = from.minus(horizon).atOffset(ZoneOffset.UTC);
        Uni<List<LiveAccuracy.AlertFact>> alerts = pool.preparedQuery("""
                        SELECT a.customer_id, a.cause, a.segment, a.opened_at, o.useful
                        FROM alert a LEFT JOIN alert_outcome o ON o.alert_id = a.id
                        WHERE a.opened_at >= $1 AND a.opened_at < $2""")
                .execute(Tuple.of(since, to.atOffset(ZoneOffset.UTC)))
                .map(rows -> map(rows, row -> new LiveAccuracy.AlertFact(row.getString("customer_id"),
                        row.getString("cause"), row.getString("segment"), instant(row, "opened_at"),
                        row.getBoolean("useful"))));
        Uni<List<LiveAccuracy.Ending>> endings = pool.preparedQuery("""
                        SELECT customer_id, segment, ended_at FROM customer_outcome
                        WHERE ended_at IS NOT NULL AND ended_at >= $1""")
                .execute(Tuple.of(since))
                .map(rows -> map(rows, row -> new LiveAccuracy.Ending(row.getString("customer_id"),
                        row.getString("segment"), instant(row, "ended_at"))));
        return Uni.combine().all().unis(alerts, endings).asTuple()
                .map(both -> LiveAccuracy.measure(both.getItem1(), both.getItem2(), from, to, horizon));
    }

    @Scheduled(every = "${alerts.accuracy.refresh-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return measure(config.accuracy().window()).invoke(this::export).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Accuracy not measured: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    void export(LiveAccuracy.Report report) {
        List<Map.Entry<Tags, LiveAccuracy.Figures>> groups = new ArrayList<>();
        groups.add(Map.entry(Tags.of("cause", ALL, "segment", ALL), report.overall()));
        report.byCause().forEach((cause, f) -> groups.add(Map.entry(Tags.of("cause", cause, "segment", ALL), f)));
        report.bySegment().forEach((segment, f) -> groups.add(Map.entry(Tags.of("cause", ALL, "segment", segment), f)));
        precision.register(rows(groups, LiveAccuracy.Figures::precision), true);
        recall.register(rows(groups, LiveAccuracy.Figures::recall), true);
        lead.register(rows(groups, LiveAccuracy.Figures::medianLeadDays), true);
        useful.register(rows(groups, LiveAccuracy.Figures::usefulShare), true);
        judged.register(rows(groups, f -> (double) f.judged()), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<Map.Entry<Tags, LiveAccuracy.Figures>> groups,
                                               Function<LiveAccuracy.Figures, Double> figure) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<Tags, LiveAccuracy.Figures> group : groups) {
            Double value = figure.apply(group.getValue());
            if (value != null) {
                rows.add(MultiGauge.Row.of(group.getKey(), value));
            }
        }
        return rows;
    }

    private static <T> List<T> map(io.vertx.mutiny.sqlclient.RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(mapper.apply(row)));
        return out;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
