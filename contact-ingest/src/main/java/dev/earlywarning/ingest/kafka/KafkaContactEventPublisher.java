package dev.earlywarning.ingest.kafka;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.service.ContactEventPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes canonical events to {@value #CHANNEL}, keyed by customer id so a customer's events stay in order. */
@ApplicationScoped
public class KafkaContactEventPublisher implements ContactEventPublisher {

    public static final String CHANNEL = "contact-events";

    private final MutinyEmitter<ContactEvent> emitter;

    // A few concurrent batches of 1,000 put thousands of sends in flight: the default buffer (128)
    // overflowed and answered 503 for events Kafka could have taken (ingest benchmark).
    public KafkaContactEventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                                      MutinyEmitter<ContactEvent> emitter) {
        this.emitter = emitter;
    }

    @Override
    public Uni<Void> publish(ContactEvent event) {
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.customerId())
                        .withHeaders(new RecordHeaders().add(PublishedEventIds.EVENT_ID_HEADER,
                                event.eventId().getBytes(StandardCharsets.UTF_8)))
                        .build())));
    }
}
