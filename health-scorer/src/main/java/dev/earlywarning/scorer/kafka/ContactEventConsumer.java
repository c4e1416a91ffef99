package dev.earlywarning.scorer.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.scorer.service.ScoringService;
import io.smallrye.mutiny.Uni;

/**
 * Reads canonical contact events. A record that is not a readable event fails and goes to the
 * dead-letter topic with the reason (see application.properties); consumption goes on.
 */
@ApplicationScoped
public class ContactEventConsumer {

    public static final String CHANNEL = "contact-events";

    private final ScoringService scoring;
    private final ObjectMapper json;

    public ContactEventConsumer(ScoringService scoring, ObjectMapper json) {
        this.scoring = scoring;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String value) {
        ContactEventRecord record;
        try {
            record = json.readValue(value, ContactEventRecord.class);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Not a contact event: " + e.getOriginalMessage()));
        }
        return Uni.createFrom().item(record).map(ContactEventMapper::toFact).chain(scoring::apply);
    }
}
