package dev.earlywarning.ingest.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.ingest.domain.ContactEventValidator;
import dev.earlywarning.ingest.domain.FieldError;
import dev.earlywarning.ingest.domain.ValidationRules;
import dev.earlywarning.ingest.event.ContactEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** Validates contact events and publishes them canonically, answering only after Kafka acknowledged. */
@ApplicationScoped
public class IngestService {

    private final ContactEventValidator validator;
    private final ContactEventPublisher publisher;
    private final IngestConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Timer publishLatency;

    public IngestService(ContactEventPublisher publisher, IngestConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
        this.clock = Clock.systemUTC();
        ValidationRules defaults = ValidationRules.DEFAULT;
        this.validator = new ContactEventValidator(new ValidationRules(config.maxFutureSkew(),
                defaults.maxIdLength(), defaults.maxAttributes(), defaults.maxAttributeLength()));
        this.publishLatency = Timer.builder("ew.ingest.publish.latency")
                .description("Time from receiving a valid event to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
    }

    public Uni<IngestResult> ingest(ContactEvent event) {
        List<FieldError> errors = validator.validate(event, clock.instant());
        if (!errors.isEmpty()) {
            count("rejected", "invalid", event);
            return Uni.createFrom().failure(new InvalidEventException(errors));
        }
        ContactEvent canonical = event.canonical(clock.instant());
        Timer.Sample sample = Timer.start(registry);
        return publisher.publish(canonical)
                .ifNoItem().after(config.publishTimeout())
                .failWith(() -> new PublishUnavailableException("Kafka did not acknowledge within "
                        + config.publishTimeout(), null))
                .onFailure(failure -> !(failure instanceof PublishUnavailableException))
                .transform(failure -> new PublishUnavailableException("Kafka refused the write", failure))
                .onItem().invoke(() -> {
                    sample.stop(publishLatency);
                    count("accepted", "none", canonical);
                })
                .onFailure().invoke(() -> count("failed", "unavailable", canonical))
                .replaceWith(new IngestResult(canonical.eventId(), canonical.customerId(),
                        IngestResult.Status.ACCEPTED));
    }

    private void count(String outcome, String reason, ContactEvent event) {
        String channel = event == null || event.channel() == null ? "none" : event.channel().code();
        registry.counter("ew.ingest.events", "outcome", outcome, "reason", reason, "channel", channel).increment();
    }
}
