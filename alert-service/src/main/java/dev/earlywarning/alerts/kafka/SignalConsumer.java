package dev.earlywarning.alerts.kafka;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.delivery.WebhookDispatcher;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.alerts.service.AlertService;
import io.smallrye.mutiny.Uni;

/** Reads churn-risk signals; unreadable ones go to the dead-letter topic with the reason. */
@ApplicationScoped
public class SignalConsumer {

    public static final String CHANNEL = "churn-risk-signals";

    private final AlertService alerts;
    private final ObjectMapper json;
    private final WebhookDispatcher dispatcher;

    public SignalConsumer(AlertService alerts, ObjectMapper json, WebhookDispatcher dispatcher) {
        this.alerts = alerts;
        this.json = json;
        this.dispatcher = dispatcher;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String value) {
        Signal signal;
        try {
            signal = toSignal(json.readValue(value, SignalRecord.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return Uni.createFrom().failure(new IllegalArgumentException("Not a churn-risk signal: " + reason));
        }
        // Committed: its deliveries are in the outbox; send them now rather than at the next poll.
        return alerts.onSignal(signal).invoke(dispatcher::wake);
    }

    static Signal toSignal(SignalRecord r) {
        if (r.signalId() == null || r.customerId() == null || r.kind() == null || r.scoreAfter() == null) {
            throw new IllegalArgumentException("signalId, kind, customerId and scoreAfter are required");
        }
        return new Signal(r.signalId(), Signal.Kind.valueOf(r.kind()), r.customerId(), r.segment(),
                r.cause() == null ? "score" : r.cause(),
                r.severity() == null ? Severity.WARNING : Severity.valueOf(r.severity()),
                r.scoreBefore(), r.scoreAfter(), r.bandBefore(), r.bandAfter(),
                r.drivers() == null ? List.of() : r.drivers(),
                r.recommendedAction() == null ? "Contact the customer" : r.recommendedAction(),
                r.triggeringEventId(), r.occurredAt());
    }
}
