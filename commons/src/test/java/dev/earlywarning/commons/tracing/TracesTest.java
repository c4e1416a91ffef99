package dev.earlywarning.commons.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;

class TracesTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private final Traces traces = new Traces(
            OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())), "test");

    private static Context remote() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, SPAN, TraceFlags.getSampled(),
                TraceState.getDefault())));
    }

    @Test
    void aContextWrittenIntoRecordHeadersIsReadBackAndReplacesAnEarlierOne() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01"
                .getBytes(StandardCharsets.UTF_8));
        traces.inject(remote(), headers);

        assertThat(headers.headers("traceparent")).hasSize(1);
        SpanContext read = Span.fromContext(traces.extract(headers)).getSpanContext();
        assertThat(read.getTraceId()).isEqualTo(TRACE);
        assertThat(read.getSpanId()).isEqualTo(SPAN);
        assertThat(read.isRemote()).isTrue();
    }

    @Test
    void aStoredTraceparentNamesTheSameContext() {
        String stored = traces.traceparent(remote());
        assertThat(stored).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(Span.fromContext(traces.fromTraceparent(stored)).getSpanContext().getSpanId()).isEqualTo(SPAN);
    }

    @Test
    void recordsAndRowsWithoutATraceGiveTheRootAndNoTraceparent() {
        assertThat(Span.fromContext(traces.extract(new RecordHeaders())).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(traces.fromTraceparent(null)).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(traces.fromTraceparent("garbage")).getSpanContext().isValid()).isFalse();
        assertThat(traces.traceparent(Context.root())).isNull();
    }

    @Test
    void withTracingOffNothingIsWrittenAndSpansAreNoOps() {
        Traces off = Traces.none();
        RecordHeaders headers = new RecordHeaders();
        Span span = off.messaging("publish", SpanKind.PRODUCER, "contact-events", remote());
        off.inject(Context.root().with(span), headers);
        assertThat(headers.toArray()).isEmpty();
        assertThat(span.isRecording()).isFalse();
    }
}
