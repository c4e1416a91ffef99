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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.random.RandomGenerator;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.RetryAfter;
import dev.earlywarning.alerts.domain.RetrySchedule;
import dev.earlywarning.alerts.service.AlertsConfig;
import dev.earlywarning.commons.tracing.Traces;
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
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;

/** Sends due outbox deliveries as signed webhooks and records each outcome. */
// Created at start: the meters it registers are exported from zero, before its first use.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class WebhookDispatcher {


    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookDispatcher.class);

    private final DeliveryQueue queue;
    private final WebhookClient client;
    private final AlertsConfig.Delivery config;
    private final RetrySchedule schedule;
    private final MeterRegistry registry;
    private final Clock clock;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Timer deliveryLatency;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong retrying = new AtomicLong();
    private final Vertx vertx;
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private final AtomicBoolean wokenAgain = new AtomicBoolean();
    /** Deliveries being sent, per subscription: the lanes in use. */
    private final Map<UUID, Integer> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final Duration lease;
    private final Successes successes;
    private final Traces traces;
    private volatile int lastLimit;
    private volatile boolean backlog;

    public WebhookDispatcher(DeliveryQueue queue, WebhookClient client, AlertsConfig config, MeterRegistry registry,
                             Vertx vertx, Clock clock, Traces traces) {
        this.traces = traces;
        this.vertx = vertx;
        this.clock = clock;
        this.queue = queue;
        this.client = client;
        this.config = config.delivery();
        this.schedule = new RetrySchedule(this.config.retryDelays(), this.config.jitter());
        this.registry = registry;
        this.maxInFlight = this.config.maxInFlight();
        this.successes = new Successes(queue);
        // A claimed delivery waits at most for the others of its lane's alert: never past its lease.
        Duration longestSend = this.config.timeout().multipliedBy(this.config.perEndpointConcurrency())
                .plusSeconds(10);
        if (this.config.lease().compareTo(longestSend) < 0) {
            LOG.warnf("alerts.delivery.lease %s is shorter than per-endpoint-concurrency x timeout + 10 s; using %s",
                    this.config.lease(), longestSend);
        }
        this.lease = this.config.lease().compareTo(longestSend) < 0 ? longestSend : this.config.lease();
        Gauge.builder("ew.alerts.deliveries.in.flight", inFlight, AtomicInteger::get)
                .description("Deliveries being sent by this instance").register(registry);
        // Every outcome from zero, so a rule on failures sees its first one.
        for (String outcome : java.util.List.of("delivered", "retry", "error", "failed", "gone", "dropped")) {
            registry.counter("ew.alerts.deliveries", "outcome", outcome);
        }
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
        // A safe duplicated context of its own, as the scheduler gives the poll.
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
     * Claims due deliveries while claims come back full and there is room in flight: a backlog
     * drains at the endpoints' pace, not one batch per poll.
     */
    Uni<Integer> drain() {
        return Uni.createFrom().deferred(this::dispatchDue).repeat().whilst(claimed -> claimed > 0
                        && claimed >= lastLimit && inFlight.get() < maxInFlight)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    /**
     * Claims due deliveries and starts sending them; returns how many it claimed, without waiting
     * for the sends. Each endpoint (subscription) has {@code per-endpoint-concurrency} lanes: a
     * claim takes at most that many of its deliveries, less those still in flight, so an endpoint
     * that answers slowly (or not at all) holds only its own lanes and never the deliveries of
     * another. Each alert's deliveries to a subscription go one after another, oldest first, so an
     * endpoint sees an alert's changes in order (retries aside: receivers order by the body's
     * timestamp). A sender finishing frees its lane and claims again.
     */
    public Uni<Integer> dispatchDue() {
        int room = maxInFlight - inFlight.get();
        if (room <= 0) {
            lastLimit = Integer.MAX_VALUE;
            return Uni.createFrom().item(0);
        }
        int limit = Math.min(config.batchSize(), room);
        lastLimit = limit;
        long started = System.nanoTime();
        return queue.claimDue(limit, lease, config.perEndpointConcurrency(), Map.copyOf(lanes))
                .invoke(claimed -> {
                    if (claimed.isEmpty()) {
                        backlog = !lanes.isEmpty();
                        return;
                    }
                    LOG.debugf("claimed %d in %d ms", (Object) claimed.size(), (System.nanoTime() - started) / 1_000_000);
                    inFlight.addAndGet(claimed.size());
                    claimed.forEach(d -> lanes.merge(d.subscriptionId(), 1, Integer::sum));
                    // More may be due than this claim could take: a freed lane claims again.
                    backlog = claimed.size() >= limit
                            || lanes.values().stream().anyMatch(n -> n >= config.perEndpointConcurrency());
                    claimed.stream().collect(Collectors.groupingBy(d -> List.of(d.subscriptionId(), alertOf(d)),
                                    LinkedHashMap::new, Collectors.toList())).values()
                            .forEach(group -> attemptInOrder(group).subscribe().with(ignored -> { }, failure ->
                                    LOG.errorf("Sending deliveries %s failed: %s", group, failure)));
                })
                .map(List::size);
    }

    private static UUID alertOf(ClaimedDelivery delivery) {
        return delivery.alertId() != null ? delivery.alertId() : delivery.id();
    }

    /**
     * Sends one alert's deliveries to one subscription in order, each freeing its lane when its
     * outcome is known. Successes are recorded by {@link Successes}, coalesced into one statement
     * with whatever else succeeded meanwhile; a crash before that re-sends them when their lease
     * ends, with the same webhook-id, which receivers use to drop repeats.
     */
    private Uni<Void> attemptInOrder(List<ClaimedDelivery> deliveries) {
        return Multi.createFrom().iterable(deliveries)
                .onItem().transformToUniAndConcatenate(delivery -> attempt(delivery)
                        .eventually(() -> release(delivery)))
                .collect().last().replaceWithVoid();
    }

    private void release(ClaimedDelivery delivery) {
        lanes.computeIfPresent(delivery.subscriptionId(), (id, n) -> n <= 1 ? null : n - 1);
        inFlight.decrementAndGet();
        if (backlog) {
            wake(); // a lane is free and more is due: its endpoint's next deliveries (or anyone's) may go
        }
    }

    /**
     * One attempt, whose outcome is recorded on its own: whatever goes wrong with it (even a defect
     * here) is recorded as this delivery's failed attempt and retried on the schedule, never fails the
     * claimed batch, whose other deliveries would otherwise be sent again when their lease ends.
     */
    private Uni<Void> attempt(ClaimedDelivery delivery) {
        return Uni.createFrom().deferred(() -> attemptOnce(delivery)).onFailure().recoverWithUni(failure -> {
            LOG.errorf("Delivery %s failed outside the receiver's answer: %s", delivery.id(), failure);
            Instant next = clock.instant().plus(schedule.delayAfter(delivery.attempts(), random)
                    .orElse(config.lease()));
            return count("error").chain(() -> queue.retryAt(delivery.id(), next, null,
                    "delivery error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        });
    }

    private Uni<Void> attemptOnce(ClaimedDelivery delivery) {
        if (!delivery.subscriptionActive()) {
            return count("dropped").chain(() -> queue.failed(delivery.id(), null, "subscription is disabled"));
        }
        Instant now = clock.instant();
        Span span = span(delivery);
        String traceparent = span == null ? null : traces.traceparent(io.opentelemetry.context.Context.root().with(span));
        return client.send(delivery.url(), delivery.secret(), delivery.previousSecret(), delivery.id().toString(),
                now.getEpochSecond(), delivery.payload(), traceparent).invoke(result -> end(span, result))
                .chain(result -> {
            if (result.success()) {
                deliveryLatency.record(Duration.between(delivery.createdAt(), clock.instant()));
                return count("delivered").chain(() -> successes.record(delivery.id(), result.status()));
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

    /** A client span under the trace the delivery stored; none when the signal behind it carried none. */
    private Span span(ClaimedDelivery delivery) {
        io.opentelemetry.context.Context parent = traces.fromTraceparent(delivery.traceparent());
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        Span span = traces.start("webhook POST", SpanKind.CLIENT, parent);
        span.setAttribute("http.request.method", "POST");
        span.setAttribute("ew.delivery_id", delivery.id().toString());
        span.setAttribute("ew.subscription_id", delivery.subscriptionId().toString());
        span.setAttribute("http.request.resend_count", (long) delivery.attempts() - 1);
        return span;
    }

    private static void end(Span span, WebhookClient.Result result) {
        if (span == null) {
            return;
        }
        if (result.status() != null) {
            span.setAttribute("http.response.status_code", (long) result.status());
        }
        if (!result.success()) {
            span.setStatus(StatusCode.ERROR, result.error() != null ? result.error() : "HTTP " + result.status());
        }
        span.end();
    }

    /**
     * Records successful sends: each is written at once when nothing else is being written, else
     * with every other success that came in meanwhile, in one statement.
     */
    static final class Successes {
        private final DeliveryQueue queue;
        private final Map<UUID, Integer> pending = new ConcurrentHashMap<>();
        private final AtomicBoolean writing = new AtomicBoolean();

        Successes(DeliveryQueue queue) {
            this.queue = queue;
        }

        Uni<Void> record(UUID id, int status) {
            pending.put(id, status);
            flush();
            return Uni.createFrom().voidItem();
        }

        private void flush() {
            if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
                return;
            }
            Map<UUID, Integer> batch = new java.util.HashMap<>();
            for (UUID id : List.copyOf(pending.keySet())) {
                Integer status = pending.remove(id);
                if (status != null) {
                    batch.put(id, status);
                }
            }
            queue.delivered(batch).subscribe().with(ignored -> {
                writing.set(false);
                flush();
            }, failure -> {
                LOG.warnf("Recording %d successful deliveries failed (they are sent again when their lease "
                        + "ends, with the same webhook-id): %s", batch.size(), failure.toString());
                writing.set(false);
            });
        }
    }

    private Uni<Void> count(String outcome) {
        registry.counter("ew.alerts.deliveries", "outcome", outcome).increment();
        return Uni.createFrom().voidItem();
    }
}
