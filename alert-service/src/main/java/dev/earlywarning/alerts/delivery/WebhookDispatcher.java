package dev.earlywarning.alerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.random.RandomGenerator;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.RetryAfter;
import dev.earlywarning.alerts.domain.RetrySchedule;
import dev.earlywarning.alerts.service.AlertsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Sends due outbox deliveries as signed webhooks and records each outcome. */
@ApplicationScoped
public class WebhookDispatcher {

    /** Alerts sent to at once: enough to keep a busy endpoint fed, few enough not to flood it. */
    static final int PARALLEL_SENDS = 8;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookDispatcher.class);

    private final DeliveryQueue queue;
    private final WebhookClient client;
    private final AlertsConfig.Delivery config;
    private final RetrySchedule schedule;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Timer deliveryLatency;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong retrying = new AtomicLong();
    private final Vertx vertx;
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private final AtomicBoolean wokenAgain = new AtomicBoolean();

    public WebhookDispatcher(DeliveryQueue queue, WebhookClient client, AlertsConfig config, MeterRegistry registry,
                             Vertx vertx) {
        this.vertx = vertx;
        this.queue = queue;
        this.client = client;
        this.config = config.delivery();
        this.schedule = new RetrySchedule(this.config.retryDelays(), this.config.jitter());
        this.registry = registry;
        this.deliveryLatency = Timer.builder("ew.alerts.delivery.latency")
                .description("From the alert change to the endpoint's 2xx").publishPercentileHistogram()
                .register(registry);
        Gauge.builder("ew.alerts.deliveries.pending", waiting, AtomicLong::get)
                .description("Deliveries waiting to be sent").register(registry);
        Gauge.builder("ew.alerts.deliveries.retrying", retrying, AtomicLong::get)
                .description("Waiting deliveries that failed at least once").register(registry);
    }

    @Scheduled(every = "${alerts.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return drain().replaceWithVoid();
    }

    /**
     * Refreshes the pending and retrying gauges. A count over the outbox, whose waiting rows' index
     * holds entries of rows delivered since the last vacuum: 80-100 ms of database time when it ran
     * on every poll in the end-to-end benchmark; a gauge scraped every 15-30 s needs it less often.
     */
    @Scheduled(every = "${alerts.delivery.gauge-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> countPending() {
        return queue.pending().invoke(counts -> {
            waiting.set(counts[0]);
            retrying.set(counts[1]);
        }).replaceWithVoid();
    }

    /**
     * Dispatches now, without waiting for the next poll: called when an alert change has committed
     * its deliveries, so a webhook leaves within milliseconds. Wakes coalesce: while a dispatch
     * runs, further wakes make it run once more. The poll still sends retries and anything missed.
     */
    public void wake() {
        wokenAgain.set(true);
        if (!dispatching.compareAndSet(false, true)) {
            return;
        }
        wokenAgain.set(false);
        // Hibernate Reactive needs a safe duplicated context of its own, as the scheduler gives the poll.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> drain().subscribe().with(sent -> dispatched(), failure -> {
            // The poll will pick the deliveries up; say why this attempt did not.
            LOG.warnf("Immediate dispatch failed: %s", failure.toString());
            dispatched();
        }));
    }

    private void dispatched() {
        dispatching.set(false);
        if (wokenAgain.get()) {
            wake();
        }
    }

    /**
     * Sends due deliveries batch after batch until a batch comes back short: a backlog drains at
     * the endpoints' pace, not one batch per poll.
     */
    Uni<Integer> drain() {
        return Uni.createFrom().deferred(this::dispatchDue).repeat().whilst(sent -> sent >= config.batchSize())
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    /**
     * Sends one batch of due deliveries: each alert's deliveries to a subscription one after
     * another, oldest first, so an endpoint sees an alert's changes in order (retries aside:
     * receivers order by the body's timestamp); different alerts in parallel, at most
     * {@link #PARALLEL_SENDS} at once, so one busy subscription is not a single lane. Returns how
     * many were attempted.
     */
    public Uni<Integer> dispatchDue() {
        long started = System.nanoTime();
        long[] claimedAfter = new long[1];
        // Filled by the parallel sends, whose answers may come on different threads.
        Map<UUID, Integer> delivered = new ConcurrentHashMap<>();
        return queue.claimDue(config.batchSize(), config.lease())
                .invoke(() -> claimedAfter[0] = System.nanoTime() - started)
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed.stream()
                        .collect(Collectors.groupingBy(d -> List.of(d.subscriptionId(), alertOf(d)),
                                LinkedHashMap::new, Collectors.toList())).values()))
                .onItem().transformToUni(deliveries -> attemptInOrder(deliveries, delivered)).merge(PARALLEL_SENDS)
                .collect().asList()
                .call(() -> delivered.isEmpty() ? Uni.createFrom().voidItem() : queue.delivered(delivered))
                .map(sizes -> sizes.stream().mapToInt(Integer::intValue).sum())
                .invoke(sent -> {
                    if (sent > 0) {
                        LOG.debugf("dispatched %d in %d ms (claimed in %d ms)", (Object) sent,
                                (System.nanoTime() - started) / 1_000_000, claimedAfter[0] / 1_000_000);
                    }
                });
    }

    private static UUID alertOf(ClaimedDelivery delivery) {
        return delivery.alertId() != null ? delivery.alertId() : delivery.id();
    }

    /**
     * Sends one alert's deliveries to one subscription in order. The successful sends of the whole
     * claimed batch are recorded in one statement after it ({@link #dispatchDue}), not one round trip
     * (and commit) per alert: the next webhook leaves at once. A crash in between re-sends them when
     * their lease ends, with the same webhook-id, which receivers use to drop repeats.
     */
    private Uni<Integer> attemptInOrder(List<ClaimedDelivery> deliveries, Map<UUID, Integer> delivered) {
        return Multi.createFrom().iterable(deliveries)
                .onItem().transformToUniAndConcatenate(delivery -> attempt(delivery, delivered).replaceWith(1))
                .collect().asList()
                .map(List::size);
    }

    /**
     * One attempt, whose outcome is recorded on its own: whatever goes wrong with it (even a defect
     * here) is recorded as this delivery's failed attempt and retried on the schedule, never fails the
     * claimed batch, whose other deliveries would otherwise be sent again when their lease ends.
     */
    private Uni<Void> attempt(ClaimedDelivery delivery, Map<UUID, Integer> delivered) {
        return Uni.createFrom().deferred(() -> attemptOnce(delivery, delivered)).onFailure().recoverWithUni(failure -> {
            LOG.errorf("Delivery %s failed outside the receiver's answer: %s", delivery.id(), failure);
            Instant next = clock.instant().plus(schedule.delayAfter(delivery.attempts(), random)
                    .orElse(config.lease()));
            return count("error").chain(() -> queue.retryAt(delivery.id(), next, null,
                    "delivery error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        });
    }

    private Uni<Void> attemptOnce(ClaimedDelivery delivery, Map<UUID, Integer> delivered) {
        if (!delivery.subscriptionActive()) {
            return count("dropped").chain(() -> queue.failed(delivery.id(), null, "subscription is disabled"));
        }
        Instant now = clock.instant();
        return client.send(delivery.url(), delivery.secret(), delivery.previousSecret(), delivery.id().toString(),
                now.getEpochSecond(), delivery.payload()).chain(result -> {
            if (result.success()) {
                deliveryLatency.record(Duration.between(delivery.createdAt(), clock.instant()));
                delivered.put(delivery.id(), result.status());
                return count("delivered");
            }
            if (result.status() != null && result.status() == 410) {
                registry.counter("ew.alerts.subscriptions.disabled", "reason", "gone").increment();
                return count("gone").chain(() -> queue.failed(delivery.id(), 410, "endpoint answered 410 Gone"))
                        .chain(() -> queue.disableSubscription(delivery.subscriptionId(), "endpoint answered 410 Gone"));
            }
            String error = result.error() != null ? result.error() : "HTTP " + result.status();
            Optional<Duration> wait = schedule.delayAfter(delivery.attempts(), random);
            if (wait.isEmpty()) {
                return count("failed").chain(() -> queue.failed(delivery.id(), result.status(), error));
            }
            Duration delay = wait.get();
            boolean mayAskToWait = result.status() != null && (result.status() == 429 || result.status() == 503);
            Optional<Duration> asked = mayAskToWait
                    ? RetryAfter.parse(result.retryAfter(), clock.instant(), config.maxRetryAfter()) : Optional.empty();
            if (asked.isPresent() && asked.get().compareTo(delay) > 0) {
                delay = asked.get();
            }
            Instant next = clock.instant().plus(delay);
            return count("retry").chain(() -> queue.retryAt(delivery.id(), next, result.status(), error));
        });
    }

    private Uni<Void> count(String outcome) {
        registry.counter("ew.alerts.deliveries", "outcome", outcome).increment();
        return Uni.createFrom().voidItem();
    }
}
