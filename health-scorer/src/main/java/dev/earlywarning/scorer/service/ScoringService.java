package dev.earlywarning.scorer.service;

import java.time.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.persistence.ConsumedOffset;
import dev.earlywarning.scorer.persistence.CustomerHealth;
import dev.earlywarning.scorer.persistence.HealthHistory;
import dev.earlywarning.scorer.persistence.StateStore;
import dev.earlywarning.scorer.policy.PolicyLoader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Owns the scoring engines of the partitions this instance holds. A batch is scored in memory,
 * then its health updates and signals are published, then state, history and the next offsets are
 * stored in one transaction. Persistence runs strictly in the order batches were scored. A crash
 * between publishing and storing re-delivers the batch, which re-emits the same deterministic
 * signal ids; nothing is counted twice because the stored offsets and state move together.
 */
@ApplicationScoped
public class ScoringService {

    /** One event to score, with the partition and offset it came from (the partition owns its customer). */
    public record Input(int partition, long offset, ContactFact fact) {
    }

    /** Dead-letters an input that cannot be scored or stored, with the reason; completes when it is written. */
    public interface DeadLetters {
        CompletionStage<Void> send(Input input, String reason);
    }

    /** The longest lag a timer takes: {@link Duration#toNanos()} overflows at 292 years. */
    private static final Duration MAX_RECORDED_LAG = Duration.ofDays(365L * 100);

    private static final Logger LOG = Logger.getLogger(ScoringService.class);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(10);

    private final StateStore store;
    private final HealthPublisher publisher;
    private final MeterRegistry registry;
    private final PolicyBook policies;
    private final HealthScorer scorer = HealthScorer.withAllRules();
    private final ChurnRiskDetector detector = new ChurnRiskDetector();
    private final Map<Integer, ScoringEngine> engines = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> watermarks = new ConcurrentHashMap<>();
    private final ScorerConfig config;
    private final Timer batchLatency;
    private final Timer scoringLag;
    private final Counter scored;
    private final Counter unscorable;
    private final Counter publishFailures;
    private final Counter storeFailures;
    private final Counter storeRefusals;
    private final PipelineHealth health;
    private final Clock clock;
    /** Customers whose rows the database refused; reloaded from the store under the processing lock. */
    private final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    /** The next offset to score per owned partition, and when a batch was last scored: for readiness. */
    private final Map<Integer, Long> scoredNext = new ConcurrentHashMap<>();
    private volatile long lastProgress = System.nanoTime();
    private volatile String topic = "contact-events";
    /** Held while a batch or a timer sweep is scored, published and handed to the database. */
    private final ReentrantLock lock = new ReentrantLock();
    /** The store of the last batch, which runs while the next batch is scored and published. */
    private volatile CompletableFuture<Void> pendingStore = CompletableFuture.completedFuture(null);
    private volatile long pendingStoreStarted = System.nanoTime();

    /** The service's clock: what wall-clock timers fire by. */
    public java.time.Instant now() {
        return clock.instant();
    }

    public ScoringService(StateStore store, HealthPublisher publisher, MeterRegistry registry, ScorerConfig config,
                          PipelineHealth health, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.health = health;
        this.publisher = publisher;
        this.registry = registry;
        this.config = config;
        this.policies = config.policyFile().map(java.nio.file.Path::of).map(PolicyLoader::fromFile)
                .orElseGet(PolicyLoader::builtIn);
        for (Band band : Band.values()) {
            Gauge.builder("ew.scorer.customers", this, service -> service.countInBand(band)).tag("band", band.name())
                    .description("Customers of this instance's partitions, by band").register(registry);
        }
        Gauge.builder("ew.scorer.state.customers", engines, e -> e.values().stream().mapToInt(ScoringEngine::size).sum())
                .description("Customers whose state this instance holds").register(registry);
        Gauge.builder("ew.scorer.state.capacity.used", this, service -> service.customersHeld() / (double) config.maxCustomers())
                .description("Customers held as a share of scorer.max-customers (warns above 0.9)").register(registry);
        this.batchLatency = Timer.builder("ew.scorer.batch.latency").description("Scoring, publishing and storing a batch")
                .publishPercentileHistogram().register(registry);
        // Buckets up to a week: events arrive hours or days late, and the default buckets end at 30 s.
        this.scoringLag = Timer.builder("ew.scorer.lag").description("Wall clock minus event time when scored")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofDays(7)).register(registry);
        this.scored = Counter.builder("ew.scorer.events").description("Events scored").register(registry);
        this.unscorable = Counter.builder("ew.scorer.dead.letters").tag("reason", "unscorable")
                .description("Records dead-lettered by the scorer").register(registry);
        this.storeRefusals = Counter.builder("ew.scorer.dead.letters").tag("reason", "refused_by_database")
                .description("Records dead-lettered by the scorer").register(registry);
        this.publishFailures = Counter.builder("ew.scorer.failures").tag("stage", "publish")
                .description("Failed attempts to publish or store a batch (each retried)").register(registry);
        this.storeFailures = Counter.builder("ew.scorer.failures").tag("stage", "store")
                .description("Failed attempts to publish or store a batch (each retried)").register(registry);
    }

    public PolicyBook policies() {
        return policies;
    }

    public ScorerConfig.ClockMode clockMode() {
        return config.clock();
    }

    /** Loads the customers of newly assigned partitions; returns the next offset to consume per partition. Blocks. */
    public Map<Integer, Long> assign(String topic, Collection<Integer> partitions) {
        long started = System.nanoTime();
        try {
            Map<Integer, ScoringEngine> fresh = new HashMap<>();
            for (Integer partition : partitions) {
                fresh.put(partition, new ScoringEngine(policies, scorer, detector));
            }
            long loaded = VertxContextSupport.subscribeAndAwait(() -> store.load(partitions, page -> {
                for (StateStore.Loaded customer : page) {
                    ScoringEngine engine = fresh.get(customer.partition());
                    if (customer.snapshot() != null) {
                        engine.loadSnapshot(customer.customerId(), customer.snapshot());
                    } else {
                        engine.load(customer.state(), customer.health());
                    }
                }
            }));
            Map<Integer, Long> offsets = VertxContextSupport.subscribeAndAwait(() -> store.offsets(topic, partitions));
            synchronized (engines) {
                engines.putAll(fresh);
            }
            this.topic = topic;
            for (Integer partition : partitions) {
                scoredNext.put(partition, offsets.getOrDefault(partition, 0L));
            }
            lastProgress = System.nanoTime();
            LOG.infof("Assigned partitions %s: %d customers loaded in %d ms, offsets %s", partitions, loaded,
                    (System.nanoTime() - started) / 1_000_000, offsets);
            return offsets;
        } catch (Throwable e) {
            throw new IllegalStateException("Could not load the state of partitions " + partitions, e);
        }
    }

    /**
     * Hands partitions over exactly: waits for a batch being scored (the processing lock) and for
     * the store in flight, so the partitions' next owner reloads all of it; a batch polled before the
     * revocation but scored after it finds no engine for them and leaves their records to the new owner.
     */
    public void revoke(Collection<Integer> partitions) {
        lock.lock();
        try {
            awaitStored();
            synchronized (engines) {
                for (Integer partition : partitions) {
                    engines.remove(partition);
                    watermarks.remove(partition);
                    scoredNext.remove(partition);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Scores a batch, publishes what changed, and stores state, history and the next offsets; returns
     * when all of it is done. Blocks the calling worker thread: one batch at a time, in order, and a
     * batch is never stored before its signals are out (a crash in between re-delivers it, with the
     * same signal ids).
     */
    public void process(List<Input> inputs, Map<Integer, Long> nextOffsets, String topic, DeadLetters deadLetters) {
        long start = System.nanoTime();
        lock.lock();
        try {
            List<Located> outcomes = new ArrayList<>();
            List<ChurnRiskSignal> erasures = new ArrayList<>();
            List<CompletableFuture<Void>> rejected = new ArrayList<>();
            List<Input> scoredInputs = new ArrayList<>(inputs.size());
            List<ConsumedOffset> offsets = new ArrayList<>();
            synchronized (engines) {
                Instant now = clock.instant();
                for (Input input : inputs) {
                    ScoringEngine engine = engines.get(input.partition());
                    if (engine == null) {
                        continue; // revoked while this batch waited: its new owner scores it from the store
                    }
                    // One record that cannot be scored is dead-lettered alone, its customer left as it was.
                    engine.mark();
                    try {
                        if (input.fact().type() == ContactFact.FactType.CUSTOMER_ERASED) {
                            // What this batch did for the customer goes too; the erasure follows it out.
                            String erased = input.fact().customerId();
                            engine.erase(erased);
                            outcomes.removeIf(o -> o.outcome().customerId().equals(erased));
                            erasures.add(ChurnRiskSignal.erased(erased, input.fact().eventId(),
                                    input.fact().occurredAt()));
                        } else {
                            engine.apply(input.fact()).forEach(o -> outcomes.add(new Located(input.partition(), o)));
                        }
                        scoredInputs.add(input);
                        watermarks.merge(input.partition(), input.fact().occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
                        scoringLag.record(cappedLag(input.fact().occurredAt(), now));
                    } catch (RuntimeException e) {
                        engine.rollback();
                        unscorable.increment();
                        LOG.warnf("Event %s of customer %s could not be scored, dead-lettered: %s",
                                input.fact().eventId(), input.fact().customerId(), e);
                        rejected.add(deadLetters.send(input, "Could not be scored: " + e).toCompletableFuture());
                    } finally {
                        engine.release();
                    }
                }
                if (config.clock() == ScorerConfig.ClockMode.EVENT_TIME) {
                    for (Integer partition : nextOffsets.keySet()) {
                        Instant watermark = watermarks.get(partition);
                        ScoringEngine engine = engines.get(partition);
                        if (watermark != null && engine != null) {
                            engine.advanceTo(watermark).forEach(o -> outcomes.add(new Located(partition, o)));
                        }
                    }
                }
                nextOffsets.forEach((partition, next) -> {
                    if (engines.containsKey(partition)) {
                        offsets.add(ConsumedOffset.of(topic, partition, next));
                        scoredNext.merge(partition, next, Math::max);
                    }
                });
                this.topic = topic;
            }
            // Written before the offsets move past them, so a crash cannot lose a dead letter.
            CompletableFuture.allOf(rejected.toArray(CompletableFuture[]::new)).join();
            persist(outcomes, erasures, offsets, refusedCustomers -> {
                // Rare: the batch's records of refused customers are looked up only now.
                refused.addAll(refusedCustomers.keySet());
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (Input input : scoredInputs) {
                    String reason = refusedCustomers.get(input.fact().customerId());
                    if (reason != null) {
                        sends.add(deadLetters.send(input, reason).toCompletableFuture());
                    }
                }
                return Uni.createFrom().completionStage(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
            });
        } finally {
            lock.unlock();
        }
        scored.increment(inputs.size());
        lastProgress = System.nanoTime();
        batchLatency.record(Duration.ofNanos(System.nanoTime() - start));
    }

    private static Duration cappedLag(Instant occurredAt, Instant now) {
        Duration lag = Duration.between(occurredAt, now).abs();
        return lag.compareTo(MAX_RECORDED_LAG) > 0 ? MAX_RECORDED_LAG : lag;
    }

    /** Fires the timers due by the wall clock (wall-clock mode). Blocks, like {@link #process}. */
    public void sweep(Instant now) {
        lock.lock();
        try {
            List<Located> outcomes = new ArrayList<>();
            synchronized (engines) {
                engines.forEach((partition, engine) -> engine.advanceTo(now)
                        .forEach(o -> outcomes.add(new Located(partition, o))));
            }
            if (!outcomes.isEmpty()) {
                persist(outcomes, List.of(), List.of(), customers -> {
                    refused.addAll(customers.keySet());
                    return Uni.createFrom().voidItem();
                });
            }
        } finally {
            lock.unlock();
        }
    }

    private record Located(int partition, ScoringEngine.Outcome outcome) {
    }

    /**
     * Publishes this batch while the previous batch's store finishes, then starts this batch's store
     * and returns: scoring the next batch overlaps it. Called under the processing lock, so stores
     * run one after the other in scoring order, and a batch is stored only after its signals are out
     * (a crash in between re-delivers it, with the same signal ids).
     */
    private void persist(List<Located> outcomes, List<ChurnRiskSignal> erasures, List<ConsumedOffset> offsets,
                         StateStore.RefusalHandler onRefused) {
        Map<String, CustomerHealth> latest = new LinkedHashMap<>();
        List<HealthHistory> history = new ArrayList<>();
        for (Located located : outcomes) {
            ScoringEngine.Outcome o = located.outcome();
            // The same assessment in the customer's row and its history row: serialised once.
            String json = StateStore.json(o.health());
            latest.put(o.customerId(), CustomerHealth.of(located.partition(), o.customerId(), o.state().segment(),
                    o.health(), json, o.snapshot()));
            // A timer that moved neither score nor band and raised nothing adds no history: the customer's
            // row holds its risk as of then. (Renewal windows and silence are timers; most change nothing seen.)
            if (o.event() != null || o.changed() || o.signal().isPresent()) {
                history.add(HealthHistory.of(o.customerId(), o.cause(), o.health(), json, o.event()));
            }
            o.signal().ifPresent(s -> registry.counter("ew.scorer.signals", "kind", s.kind().name(),
                    "trigger", s.trigger().name(), "severity", s.severity().name()).increment());
        }
        List<ScoringEngine.Outcome> plain = outcomes.stream().map(Located::outcome).toList();
        List<CustomerHealth> customers = new ArrayList<>(latest.values());
        long started = System.nanoTime();
        // A Kafka outage is waited out, never skipped: the state in memory has moved, so its updates
        // and signals go out before anything else happens (the same deterministic ids on each attempt).
        CompletableFuture<Void> published = plain.isEmpty() && erasures.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : (plain.isEmpty() ? Uni.createFrom().voidItem() : publisher.publish(plain))
                .chain(() -> publisher.publishErasures(erasures))
                .onFailure().invoke(e -> {
                    publishFailures.increment();
                    health.publishFailed(e);
                    LOG.warnf("Publishing %d health updates and signals failed, retrying: %s", plain.size(), e);
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), MAX_BACK_OFF).indefinitely()
                .invoke(health::publishSucceeded)
                .subscribeAsCompletionStage();
        awaitStored();
        published.join();
        LOG.debugf("published %d in %d ms (with the previous store)", plain.size(),
                (System.nanoTime() - started) / 1_000_000);
        long storeStarted = System.nanoTime();
        pendingStoreStarted = storeStarted;
        List<String> erased = erasures.stream().map(ChurnRiskSignal::customerId).toList();
        // Erased before the batch's offsets move past the erasure: a crash in between erases again.
        pendingStore = (erased.isEmpty() ? store.save(customers, history, offsets, onRefused)
                : store.erase(erased).chain(() -> store.save(customers, history, offsets, onRefused)))
                .onFailure().invoke(e -> {
                    storeFailures.increment();
                    health.storeFailed(e);
                    LOG.warnf("Storing scored state failed (database unavailable), retrying: %s", e.getMessage());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(200), MAX_BACK_OFF).indefinitely()
                .invoke(refusedCustomers -> {
                    health.storeSucceeded();
                    if (!refusedCustomers.isEmpty()) {
                        storeRefusals.increment(refusedCustomers.size());
                        LOG.errorf("The database refused the rows of customers %s; their records were "
                                + "dead-lettered and their state goes back to the stored one", refusedCustomers);
                    }
                    LOG.debugf("stored %d customers, %d history rows in %d ms", customers.size(),
                            history.size(), (System.nanoTime() - storeStarted) / 1_000_000);
                })
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    /**
     * Puts customers whose rows the database refused back to what it holds, so their next events
     * build on stored state, not on the refused one. Runs under the processing lock.
     */
    private void restoreRefused() {
        for (String customerId = refused.poll(); customerId != null; customerId = refused.poll()) {
            String id = customerId;
            StateStore.Loaded stored;
            try {
                stored = VertxContextSupport.subscribeAndAwait(() -> store.loadOne(id));
            } catch (Throwable e) {
                refused.add(id); // tried again after the next store
                LOG.warnf("Could not reload refused customer %s yet: %s", id, e.getMessage());
                return;
            }
            synchronized (engines) {
                for (ScoringEngine engine : engines.values()) {
                    if (engine.customer(id).isPresent()) {
                        if (stored == null) {
                            engine.restore(id, null);
                        } else if (stored.snapshot() != null) {
                            engine.restore(id, stored.snapshot());
                        } else {
                            engine.restore(id, null);
                            engine.load(stored.state(), stored.health());
                        }
                    }
                }
            }
        }
    }

    /** Waits until the last batch handed to the database is stored (it retries until it is). */
    public void awaitStored() {
        pendingStore.join();
        if (!refused.isEmpty() && lock.isHeldByCurrentThread()) {
            restoreRefused();
        }
    }

    /** The next offset to score of each owned partition, as far as this instance has scored. */
    public Map<Integer, Long> scoredOffsets() {
        return Map.copyOf(scoredNext);
    }

    /** How long since a batch was last scored (or partitions assigned). */
    public Duration sinceProgress() {
        return Duration.ofNanos(System.nanoTime() - lastProgress);
    }

    public String topic() {
        return topic;
    }

    /** How long the store handed to the database last has been running; zero when it is done. */
    public Duration pendingStoreAge() {
        long started = pendingStoreStarted;
        return pendingStore.isDone() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /** A graceful stop lets the last store finish (a crash would re-deliver its batch instead). */
    void onStop(@Observes ShutdownEvent event) {
        try {
            pendingStore.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("The last store did not finish before shutdown; its batch will be re-delivered: %s", e);
        }
    }

    private int customersHeld() {
        synchronized (engines) {
            return engines.values().stream().mapToInt(ScoringEngine::size).sum();
        }
    }

    /** Warns while this instance holds more than 90 % of the customers it is sized for. */
    @io.quarkus.scheduler.Scheduled(every = "60s", delayed = "60s")
    void checkCapacity() {
        int held = customersHeld();
        if (held > 0.9 * config.maxCustomers()) {
            LOG.warnf("This instance holds %,d customers, %.0f%% of scorer.max-customers (%,d): add instances (up to "
                    + "one per partition) or raise the limit with the heap", held, 100.0 * held / config.maxCustomers(),
                    config.maxCustomers());
        }
    }

    private long countInBand(Band band) {
        synchronized (engines) {
            return engines.values().stream().mapToLong(engine -> engine.countInBand(band)).sum();
        }
    }

}
