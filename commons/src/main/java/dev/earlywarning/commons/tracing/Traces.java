package dev.earlywarning.commons.tracing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * W3C trace context where the messaging connector does not carry it: records sent with the Kafka
 * client itself, records read in batches (one parent per record, not one per batch), and work that
 * waits in a table (a webhook delivery in the outbox). With the SDK disabled (the default) every
 * call here is a no-op that costs a few allocations.
 */
public final class Traces {

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");

    private static final TextMapGetter<Headers> HEADERS_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return () -> java.util.Arrays.stream(headers.toArray()).map(Header::key).iterator();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> HEADERS_SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;
    private final boolean enabled;

    public Traces(OpenTelemetry openTelemetry, String instrumentation) {
        this(openTelemetry, instrumentation, true);
    }

    private Traces(OpenTelemetry openTelemetry, String instrumentation, boolean enabled) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer(instrumentation);
        this.enabled = enabled;
    }

    /** For tests and for code that runs without tracing. */
    public static Traces none() {
        return new Traces(OpenTelemetry.noop(), "none", false);
    }

    /** Whether tracing is on: work done only to trace (indexing a batch by event) can be skipped when not. */
    public boolean enabled() {
        return enabled;
    }

    /** The context a record's headers carry ({@code traceparent}, {@code tracestate}); the root if none. */
    public Context extract(Headers headers) {
        return propagator.extract(Context.root(), headers, HEADERS_GETTER);
    }

    /** Writes the context into a record's headers, replacing any it had. */
    public void inject(Context context, Headers headers) {
        propagator.inject(context, headers, HEADERS_SETTER);
    }

    /** The context as a {@code traceparent} value to store beside queued work; null when there is none. */
    public String traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(context, carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** The context a stored {@code traceparent} names; the root when null or unreadable. */
    public Context fromTraceparent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return propagator.extract(Context.root(), Map.of("traceparent", traceparent), MAP_GETTER);
    }

    /** Starts a span of the given kind under {@code parent}; the caller ends it. */
    public Span start(String name, SpanKind kind, Context parent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** Starts a messaging span ({@code <destination> publish|process}) with the semantic attributes. */
    public Span messaging(String operation, SpanKind kind, String destination, Context parent) {
        return tracer.spanBuilder(destination + " " + operation).setSpanKind(kind).setParent(parent)
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, destination).startSpan();
    }
}
