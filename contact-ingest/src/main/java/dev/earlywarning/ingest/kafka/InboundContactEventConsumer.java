package dev.earlywarning.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.commons.problem.FieldError;
import dev.earlywarning.ingest.event.ContactEventJson;
import dev.earlywarning.ingest.service.IngestResult;
import dev.earlywarning.ingest.service.IngestService;
import dev.earlywarning.ingest.service.PublishUnavailableException;
import io.smallrye.mutiny.Uni;

/**
 * Raw contact events that other systems publish to {@value #CHANNEL}. Valid ones are published
 * canonically exactly like REST ones; invalid ones fail with their reason, and the channel's
 * dead-letter strategy writes the original bytes, the reason and the source offset to
 * {@code contact-events.dlq}. A Kafka outage is not the record's fault: publishing is retried.
 */
// Created at start: the meters it registers are exported from zero, before its first use.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class InboundContactEventConsumer {

    public static final String CHANNEL = "contact-events-inbound";

    private final IngestService service;
    private final ContactEventJson json;
    /** Records the channel's dead-letter strategy writes to contact-events-inbound.dlq, from zero. */
    private final Counter invalid;
    private final Counter tooLarge;

    public InboundContactEventConsumer(IngestService service, ObjectMapper mapper, MeterRegistry registry) {
        this.service = service;
        this.json = new ContactEventJson(mapper);
        this.invalid = deadLetters(registry, "invalid");
        this.tooLarge = deadLetters(registry, "too_large");
    }

    private static Counter deadLetters(MeterRegistry registry, String reason) {
        return Counter.builder("ew.ingest.dead.letters").tag("reason", reason)
                .description("Inbound records written to the dead-letter topic").register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(byte[] value) {
        ContactEventJson.Read read = json.read(value);
        return Uni.createFrom().completionStage(() -> service.ingest(read.event(), read.errors(), "kafka", null))
                .chain(result -> switch (result.status()) {
                    case ACCEPTED, DUPLICATE -> Uni.createFrom().voidItem();
                    case REJECTED, TOO_LARGE -> {
                        (result.status() == IngestResult.Status.TOO_LARGE ? tooLarge : invalid).increment();
                        yield Uni.createFrom().failure(new InvalidInboundRecord(describe(result.errors())));
                    }
                    case UNAVAILABLE -> Uni.createFrom().failure(new PublishUnavailableException(
                            "Kafka did not acknowledge the canonical event", null));
                })
                .onFailure(PublishUnavailableException.class).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    /** The record is not a valid contact event; the message lists each bad field. */
    static class InvalidInboundRecord extends RuntimeException {
        InvalidInboundRecord(String reasons) {
            super("Invalid contact event: " + reasons);
        }
    }
}
