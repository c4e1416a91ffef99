package dev.earlywarning.ingest.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.ingest.domain.ContactEventValidator;
import dev.earlywarning.ingest.domain.EventIdIndex;
import dev.earlywarning.ingest.domain.FieldError;
import dev.earlywarning.ingest.domain.ValidationRules;
import dev.earlywarning.ingest.event.ContactEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Validates contact events, drops duplicates, and publishes the rest canonically, answering only
 * after Kafka acknowledged. Serves single events, batches and the inbound topic alike.
 */
@ApplicationScoped
public class IngestService {

    private final ContactEventValidator validator;
    private final ContactEventPublisher publisher;
    private final DuplicateGuard duplicates;
    private final IngestConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final DistributionSummary batchSizes;

    public IngestService(ContactEventPublisher publisher, EventIdIndex index, IngestConfig config,
                         MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
        this.clock = Clock.systemUTC();
        this.duplicates = new DuplicateGuard(index, clock);
        ValidationRules defaults = ValidationRules.DEFAULT;
        this.validator = new ContactEventValidator(new ValidationRules(config.maxFutureSkew(),
                defaults.maxIdLength(), defaults.maxAttributes(), defaults.maxAttributeLength()));
        this.publishLatency = Timer.builder("ew.ingest.publish.latency")
                .description("Time from receiving a valid event to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSizes = DistributionSummary.builder("ew.ingest.batch.size")
                .description("Events per batch request")
                .baseUnit("events")
                .register(registry);
    }

    /** One event: invalid ones fail with {@link InvalidEventException}, unwritable ones with {@link PublishUnavailableException}. */
    public Uni<IngestResult> ingest(ContactEvent event, String source) {
        return process(event, List.of(), source).map(result -> {
            if (result.status() == IngestResult.Status.REJECTED) {
                throw new InvalidEventException(result.errors());
            }
            return result;
        });
    }

    /**
     * A batch: every item gets its own result, in order. Items that could not be read are passed
     * as their errors. Duplicates within the batch count once.
     */
    public Uni<List<IngestResult>> ingestBatch(List<ContactEvent> events, List<List<FieldError>> readErrors,
                                               String source) {
        batchSizes.record(events.size());
        List<Uni<IngestResult>> results = new ArrayList<>(events.size());
        Set<String> idsInBatch = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            ContactEvent event = events.get(i);
            List<FieldError> errors = readErrors.get(i);
            int position = i;
            if (errors.isEmpty() && event.eventId() != null && !idsInBatch.add(event.eventId())) {
                count("duplicate", "none", event, source);
                results.add(Uni.createFrom().item(
                        new IngestResult(position, event.eventId(), event.customerId(), IngestResult.Status.DUPLICATE,
                                List.of())));
                continue;
            }
            results.add(ingestItem(event, errors, source).map(result -> result.at(position)));
        }
        return results.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(results).andFailFast();
    }

    /**
     * One event read from a batch or a record, never failing: the result says ACCEPTED, DUPLICATE,
     * REJECTED (with the read or validation errors) or UNAVAILABLE.
     */
    public Uni<IngestResult> ingestItem(ContactEvent event, List<FieldError> readErrors, String source) {
        return process(event, readErrors, source)
                .onFailure(PublishUnavailableException.class).recoverWithItem(failure ->
                        new IngestResult(null, event.eventId(), event.customerId(), IngestResult.Status.UNAVAILABLE,
                                List.of(new FieldError("$", failure.getMessage()))));
    }

    private Uni<IngestResult> process(ContactEvent event, List<FieldError> readErrors, String source) {
        List<FieldError> errors = readErrors.isEmpty() ? validator.validate(event, clock.instant()) : readErrors;
        if (!errors.isEmpty()) {
            count("rejected", reason(errors), event, source);
            return Uni.createFrom().item(new IngestResult(null, event == null ? null : event.eventId(),
                    event == null ? null : event.customerId(), IngestResult.Status.REJECTED, errors));
        }
        ContactEvent canonical = event.canonical(clock.instant());
        Timer.Sample sample = Timer.start(registry);
        return duplicates.publishOnce(canonical.eventId(), () -> publisher.publish(canonical)
                        .ifNoItem().after(config.publishTimeout())
                        .failWith(() -> new PublishUnavailableException("Kafka did not acknowledge within "
                                + config.publishTimeout(), null))
                        .onFailure(failure -> !(failure instanceof PublishUnavailableException))
                        .transform(failure -> new PublishUnavailableException("Kafka refused the write", failure)))
                .onFailure().invoke(() -> count("failed", "unavailable", canonical, source))
                .map(written -> {
                    if (written) {
                        sample.stop(publishLatency);
                        count("accepted", "none", canonical, source);
                        return new IngestResult(null, canonical.eventId(), canonical.customerId(),
                                IngestResult.Status.ACCEPTED, List.of());
                    }
                    count("duplicate", "none", canonical, source);
                    return new IngestResult(null, canonical.eventId(), canonical.customerId(),
                            IngestResult.Status.DUPLICATE, List.of());
                });
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
        registry.counter("ew.ingest.events", "outcome", outcome, "reason", reason, "channel", channel,
                "source", source).increment();
    }
}
