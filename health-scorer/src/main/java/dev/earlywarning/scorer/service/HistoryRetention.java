package dev.earlywarning.scorer.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.earlywarning.scorer.persistence.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Purges health history older than scorer.health-history-retention, in batches, every retention interval. */
@ApplicationScoped
public class HistoryRetention {

    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);
    private static final int BATCH = 10_000;

    private final StateStore store;
    private final ScorerConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    public HistoryRetention(StateStore store, ScorerConfig config, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    @Scheduled(every = "${scorer.retention-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        // Tried again at the next run (the database away, or the service stopping).
        return purge().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("%s failed: %s", "Retention purge of health history", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One pass as of now; returns how many rows went. */
    public Uni<Integer> purge() {
        return store.purgeHistory(clock.instant().minus(config.healthHistoryRetention()), BATCH).invoke(purged -> {
            if (purged > 0) {
                registry.counter("ew.scorer.purged", "kind", "health_history").increment(purged);
                LOG.infof("Retention: purged %d health history rows", purged);
            }
        });
    }
}
