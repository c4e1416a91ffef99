package dev.earlywarning.ingest.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.ingest.domain.ContactEventValidator;
import dev.earlywarning.ingest.domain.EventIdIndex;
import dev.earlywarning.commons.problem.FieldError;
import dev.earlywarning.ingest.domain.ValidationRules;
import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.event.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Validates contact events, drops duplicates, and publishes the rest canonically, answering only
 * after Kafka acknowledged. Serves single events, batches and the inbound topic alike.
 *
 * <p>A request's events go to the publisher together and are answered together, with one timeout
 * per request: per-event futures, timers and reactive pipelines cost more CPU than the Kafka send
 * itself (ingest benchmark, profiled).
 */
@ApplicationScoped
public class IngestService {

    private record CounterKey(String outcome, String reason, String channel, String source) {
    }

    private final ContactEventValidator validator;
    private final ContactEventPublisher publisher;
    private final DuplicateGuard duplicates;
    private final IngestConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final DistributionSummary batchSizes;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    public IngestService(ContactEventPublisher publisher, EventIdIndex index, IngestConfig config,
                         MeterRegistry registry, Clock clock) {
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.duplicates = new DuplicateGuard(index, clock);
        this.validator = new ContactEventValidator(ValidationRules.DEFAULT.withTimes(config.maxFutureSkew(),
                config.oldestEventTime()));
        this.publishLatency = Timer.builder("ew.ingest.publish.latency")
                .description("Time from receiving a valid event to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSizes = DistributionSummary.builder("ew.ingest.batch.size")
                .description("Events per batch request")
                .baseUnit("events")
                .register(registry);
    }

    /**
     * A batch: every item gets its own result, in order; the stage never fails. Items that could not
     * be read are passed as their errors. Duplicates within the batch count once.
     */
    public CompletableFuture<List<IngestResult>> ingestBatch(List<ContactEvent> events,
                                                             List<List<FieldError>> readErrors, String source,
                                                             String producer) {
        batchSizes.record(events.size());
        return process(events, readErrors, source, producer);
    }

    /**
     * One event, never failing: the result says ACCEPTED, DUPLICATE, REJECTED (with the read or
     * validation errors) or UNAVAILABLE. {@code readErrors} are the reasons it could not be read.
     *
     * @param source the intake channel (rest, kafka), a metric tag
     * @param producer the authenticated producer's source system: an event names it or none (it is
     *        filled in); null where the channel itself is the authorisation (the inbound topic's ACLs)
     */
    public CompletableFuture<IngestResult> ingest(ContactEvent event, List<FieldError> readErrors, String source,
                                                  String producer) {
        return process(Arrays.asList(event), List.of(readErrors), source, producer)
                .thenApply(results -> results.get(0).at(null));
    }

    /**
     * Erases a customer in every service: publishes a {@code customer_erased} event on the canonical
     * topic, keyed by the customer, so it follows every earlier event of that customer.
     */
    public CompletableFuture<IngestResult> erase(String customerId, String requestedBy) {
        Instant now = clock.instant();
        ContactEvent erasure = new ContactEvent(null, "erasure-" + java.util.UUID.randomUUID(), customerId, now, null,
                null, "erasure", EventType.CUSTOMER_ERASED, null, null, null, null, null, null, null, null, null, null,
                null, null, null, java.util.Map.of("requestedBy", requestedBy), null, null);
        return process(Arrays.asList(erasure), List.of(List.of()), "erasure").thenApply(results -> results.get(0));
    }

    private CompletableFuture<List<IngestResult>> process(List<ContactEvent> rawEvents,
                                                          List<List<FieldError>> readErrors, String source,
                                                          String producer) {
        List<ContactEvent> events = producer == null ? rawEvents : new ArrayList<>(rawEvents.size());
        List<List<FieldError>> bound = producer == null ? readErrors : new ArrayList<>(readErrors.size());
        if (producer != null) {
            for (int i = 0; i < rawEvents.size(); i++) {
                ContactEvent event = rawEvents.get(i);
                List<FieldError> errors = readErrors.get(i);
                if (event != null && event.sourceSystem() == null) {
                    event = event.fromSource(producer);
                } else if (event != null && !producer.equals(event.sourceSystem())) {
                    errors = new ArrayList<>(errors);
                    errors.add(new FieldError("sourceSystem", "must be this producer's own source system ('"
                            + producer + "', from its token), or left out"));
                }
                if (event != null && event.type() == EventType.CUSTOMER_ERASED) {
                    errors = new ArrayList<>(errors);
                    errors.add(new FieldError("type", "customer_erased is an admin's request: POST "
                            + "/customers/{customerId}/erasure, or the inbound topic"));
                }
                events.add(event);
                bound.add(errors);
            }
        }
        return process(events, bound, source);
    }

    private CompletableFuture<List<IngestResult>> process(List<ContactEvent> events, List<List<FieldError>> readErrors,
                                                          String source) {
        Answers answers = new Answers(events.size());
        Instant now = clock.instant();
        Set<String> idsInBatch = new HashSet<>();
        List<ContactEvent> toPublish = new ArrayList<>(events.size());
        List<DuplicateGuard.Claim> claims = new ArrayList<>(events.size());
        List<Integer> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ContactEvent event = events.get(i);
            List<FieldError> errors = readErrors.get(i).isEmpty() ? validator.validate(event, now)
                    : withValidation(readErrors.get(i), event, now);
            if (!errors.isEmpty()) {
                count("rejected", reason(errors), event, source);
                answers.set(i, new IngestResult(i, event == null ? null : event.eventId(),
                        event == null ? null : event.customerId(), IngestResult.Status.REJECTED, errors));
                continue;
            }
            ContactEvent canonical = event.canonical(now);
            String key = DuplicateGuard.key(canonical.sourceSystem(), canonical.eventId());
            DuplicateGuard.Claim claim = idsInBatch.add(key) ? duplicates.claim(key)
                    : new DuplicateGuard.Claim(key, false, CompletableFuture.completedFuture(null));
            if (claim.granted()) {
                toPublish.add(canonical);
                claims.add(claim);
                positions.add(i);
                continue;
            }
            int position = i;
            claim.earlier().whenComplete((written, failure) -> {
                if (failure == null) {
                    count("duplicate", "none", canonical, source);
                    answers.set(position, result(position, canonical, IngestResult.Status.DUPLICATE, List.of()));
                } else {
                    answers.set(position, unavailable(position, canonical, source, failure));
                }
            });
        }
        if (!toPublish.isEmpty()) {
            long started = System.nanoTime();
            List<CompletableFuture<Void>> acks = publisher.publish(toPublish);
            for (int j = 0; j < acks.size(); j++) {
                DuplicateGuard.Claim claim = claims.get(j);
                ContactEvent canonical = toPublish.get(j);
                int position = positions.get(j);
                acks.get(j).whenComplete((written, failure) -> {
                    if (failure == null) {
                        duplicates.written(claim);
                        publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        count("accepted", "none", canonical, source);
                        answers.set(position, result(position, canonical, IngestResult.Status.ACCEPTED, List.of()));
                    } else {
                        duplicates.failed(claim, failure);
                        answers.set(position, refusedOrUnavailable(position, canonical, source, failure));
                    }
                });
            }
        }
        if (!answers.all.isDone()) {
            // Events Kafka has not acknowledged in time (this request's, or another's it waits for)
            // are answered UNAVAILABLE; should one be written later, a retry finds it a duplicate.
            answers.expireAfter(config.publishTimeout().toMillis(), position -> {
                ContactEvent canonical = events.get(position).canonical(now);
                count("failed", "unavailable", canonical, source);
                return result(position, canonical, IngestResult.Status.UNAVAILABLE, List.of(new FieldError("$",
                        "Kafka did not acknowledge within " + config.publishTimeout())));
            });
        }
        return answers.all;
    }

    /**
     * The read errors of an event that could not be read whole, and the validation errors of what
     * could be read (a field already named for its type is not named again as missing).
     */
    private List<FieldError> withValidation(List<FieldError> readErrors, ContactEvent partial, Instant now) {
        if (partial == null) {
            return readErrors;
        }
        Set<String> named = new HashSet<>();
        readErrors.forEach(error -> named.add(topField(error.field())));
        List<FieldError> all = new ArrayList<>(readErrors);
        for (FieldError error : validator.validate(partial, now)) {
            if (!named.contains(topField(error.field()))) {
                all.add(error);
            }
        }
        return all;
    }

    private static String topField(String field) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) == '.' || field.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return field.substring(0, end);
    }

    private IngestResult refusedOrUnavailable(int position, ContactEvent event, String source, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EventRefusedException refused) {
            count("rejected", "refused_by_kafka", event, source);
            return result(position, event, refused.tooLarge() ? IngestResult.Status.TOO_LARGE
                    : IngestResult.Status.REJECTED, List.of(new FieldError("$", refused.getMessage())));
        }
        return unavailable(position, event, source, failure);
    }

    private IngestResult unavailable(int position, ContactEvent event, String source, Throwable failure) {
        count("failed", "unavailable", event, source);
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return result(position, event, IngestResult.Status.UNAVAILABLE,
                List.of(new FieldError("$", "Kafka refused the write: " + cause.getMessage())));
    }

    private static IngestResult result(int position, ContactEvent event, IngestResult.Status status,
                                       List<FieldError> errors) {
        return new IngestResult(position, event.eventId(), event.customerId(), status, errors);
    }

    /** A low-cardinality reason: the first bad field, or "malformed" when the JSON could not be read. */
    private static String reason(List<FieldError> errors) {
        String field = errors.get(0).field();
        if (field.equals("$")) {
            return "malformed";
        }
        int dot = field.indexOf('.');
        String top = dot < 0 ? field : field.substring(0, dot);
        int bracket = top.indexOf('[');
        return "invalid_" + (bracket < 0 ? top : top.substring(0, bracket));
    }

    private void count(String outcome, String reason, ContactEvent event, String source) {
        String channel = event == null || event.channel() == null ? "none" : event.channel().code();
        counters.computeIfAbsent(new CounterKey(outcome, reason, channel, source), key -> registry.counter(
                "ew.ingest.events", "outcome", key.outcome(), "reason", key.reason(), "channel", key.channel(),
                "source", key.source())).increment();
    }

    /** One request's results, filled from whichever thread learns them; complete when all are in. */
    private static final class Answers {
        private final AtomicReferenceArray<IngestResult> results;
        private final AtomicInteger missing;
        private final CompletableFuture<List<IngestResult>> all = new CompletableFuture<>();

        Answers(int size) {
            this.results = new AtomicReferenceArray<>(size);
            this.missing = new AtomicInteger(size);
            if (size == 0) {
                all.complete(List.of());
            }
        }

        void set(int position, IngestResult result) {
            if (results.compareAndSet(position, null, result) && missing.decrementAndGet() == 0) {
                all.complete(list());
            }
        }

        /** After {@code millis}, answers every position still open with {@code late.apply(position)}. */
        void expireAfter(long millis, java.util.function.IntFunction<IngestResult> late) {
            CompletableFuture<Void> timer = new CompletableFuture<Void>().completeOnTimeout(null, millis,
                    TimeUnit.MILLISECONDS);
            timer.thenRun(() -> {
                for (int i = 0; i < results.length(); i++) {
                    if (results.get(i) == null) {
                        set(i, late.apply(i));
                    }
                }
            });
            // Cancelling the timer drops its scheduled task: requests answered in time leave nothing behind.
            all.whenComplete((results, failure) -> timer.cancel(false));
        }

        private List<IngestResult> list() {
            IngestResult[] copy = new IngestResult[results.length()];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = results.get(i);
            }
            return Arrays.asList(copy);
        }
    }
}
