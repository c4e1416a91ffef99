package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.earlywarning.alerts.persistence.Retention;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Purges what outlived its retention (alerts.retention.*), every alerts.retention.interval. */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final Retention retention;
    private final AlertsConfig.Retention config;
    private final Clock clock;
    private final MeterRegistry registry;

    public RetentionJob(Retention retention, AlertsConfig config, Clock clock, MeterRegistry registry) {
        this.retention = retention;
        this.config = config.retention();
        this.clock = clock;
        this.registry = registry;
    }

    @Scheduled(every = "${alerts.retention.interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        // Tried again at the next run (the database away, or the service stopping).
        return purge().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("%s failed: %s", "Retention purge", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One pass as of now; returns how many rows of each kind went. */
    public Uni<Map<String, Integer>> purge() {
        Instant now = clock.instant();
        return retention.purge(new Retention.Cutoffs(now.minus(config.alertEvents()), now.minus(config.deliveries()),
                now.minus(config.processedSignals()), now.minus(config.resolvedAlerts()), now.minus(config.audit())),
                config.batch()).invoke(purged -> purged.forEach((kind, count) -> {
                    if (count > 0) {
                        registry.counter("ew.alerts.purged", "kind", kind).increment(count);
                        LOG.infof("Retention: purged %d %s", count, kind.replace('_', ' '));
                    }
                }));
    }
}
