package dev.earlywarning.scorer.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.earlywarning.commons.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * The trace of each event of the batch being scored. A batch holds events of many traces, so the
 * connector's one context per message cannot say which update or signal an event caused: the
 * consumer opens a span per traced event under the context its record carries, and the publisher
 * sends what that event caused under it. Batches are scored one at a time.
 */
@ApplicationScoped
public class BatchTraces {

    private final Traces traces;
    private volatile Map<String, Context> byEventId = Map.of();
    private final List<Span> open = new ArrayList<>();

    public BatchTraces(Traces traces) {
        this.traces = traces;
    }

    /** Whether tracing is on; when off, a batch need not be indexed by event at all. */
    boolean enabled() {
        return traces.enabled();
    }

    /** Opens a process span for every record that carries a trace; records without one get none. */
    void begin(Map<String, ConsumerRecord<String, String>> recordsByEventId) {
        Map<String, Context> contexts = new HashMap<>();
        recordsByEventId.forEach((eventId, record) -> {
            Context parent = traces.extract(record.headers());
            if (!Span.fromContext(parent).getSpanContext().isValid()) {
                return;
            }
            Span span = traces.messaging("process", SpanKind.CONSUMER, record.topic(), parent);
            span.setAttribute("messaging.kafka.message.key", record.key());
            span.setAttribute("messaging.kafka.destination.partition", (long) record.partition());
            span.setAttribute("messaging.kafka.message.offset", record.offset());
            span.setAttribute("ew.event_id", eventId);
            open.add(span);
            contexts.put(eventId, parent.with(span));
        });
        byEventId = contexts;
    }

    /** The context to send what this event caused under; null when the event carried no trace. */
    public Context of(String eventId) {
        return eventId == null ? null : byEventId.get(eventId);
    }

    /** Ends the batch's spans once it is published and stored. */
    void end() {
        byEventId = Map.of();
        open.forEach(Span::end);
        open.clear();
    }
}
