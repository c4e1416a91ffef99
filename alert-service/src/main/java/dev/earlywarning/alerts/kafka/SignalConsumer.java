package dev.earlywarning.alerts.kafka;

import dev.earlywarning.commons.persistence.StoreFailures;
import dev.earlywarning.commons.kafka.DeadLetters;
import dev.earlywarning.commons.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.delivery.WebhookDispatcher;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.StorableText;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.alerts.service.AlertService;
import dev.earlywarning.alerts.service.CustomerErasure;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.micrometer.core.instrument.Counter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;

/**
 * Reads churn-risk signals in batches and applies each batch in one transaction. When a batch
 * fails, its signals are applied one by one, so one bad signal cannot hold up the others; a signal
 * that cannot be read or applied goes to the dead-letter topic with the reason and its source
 * topic, partition and offset in headers.
 */
// Created at start: the meters it registers are exported from zero, before its first use.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class SignalConsumer {

    public static final String CHANNEL = "churn-risk-signals";
    public static final String DLQ_CHANNEL = "alert-service-dlq";
    private static final Logger LOG = Logger.getLogger(SignalConsumer.class);

    private final AlertService alerts;
    private final ObjectMapper json;
    private final WebhookDispatcher dispatcher;
    private final MutinyEmitter<String> deadLetters;
    /** Dead letters by kind, registered at start so an alert rule sees them from zero. */
    private final Counter unreadable;
    private final Counter refused;
    private final CustomerErasure erasure;
    private final Traces traces;

    public SignalConsumer(AlertService alerts, ObjectMapper json, WebhookDispatcher dispatcher,
                          @Channel(DLQ_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                          MutinyEmitter<String> deadLetters, CustomerErasure erasure,
                          io.micrometer.core.instrument.MeterRegistry registry, Traces traces) {
        this.traces = traces;
        this.unreadable = deadLetterCounter(registry, "unreadable");
        this.refused = deadLetterCounter(registry, "refused");
        this.erasure = erasure;
        this.alerts = alerts;
        this.json = json;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
    }

    private static Counter deadLetterCounter(io.micrometer.core.instrument.MeterRegistry registry, String reason) {
        return Counter.builder("ew.alerts.dead.letters").tag("reason", reason)
                .description("Signals written to the dead-letter topic").register(registry);
    }

    private record Read(ConsumerRecord<String, String> record, Signal signal) {
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Read> signals = new ArrayList<>(records.count());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                Signal signal = toSignal(json.readValue(record.value(), SignalRecord.class));
                signals.add(new Read(record, traced(record, signal, spans)));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                deadLettered.add(deadLetter(record, unreadable, "Not a churn-risk signal: " + reason));
            }
        }
        Uni<Void> dlq = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        return apply(signals, dlq).onTermination().invoke(() -> spans.forEach(Span::end));
    }

    /**
     * The signal under a process span of its own when its record carries a trace; the span's
     * context goes with the signal to the deliveries it causes.
     */
    private Signal traced(ConsumerRecord<String, String> record, Signal signal, List<Span> spans) {
        io.opentelemetry.context.Context parent = traces.extract(record.headers());
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return signal;
        }
        Span span = traces.messaging("process", SpanKind.CONSUMER, record.topic(), parent);
        span.setAttribute("messaging.kafka.message.key", record.key());
        span.setAttribute("messaging.kafka.message.offset", record.offset());
        span.setAttribute("ew.signal_id", signal.signalId());
        spans.add(span);
        return signal.traced(traces.traceparent(parent.with(span)));
    }

    private Uni<Void> apply(List<Read> signals, Uni<Void> dlq) {
        if (signals.isEmpty()) {
            return dlq;
        }
        if (signals.stream().anyMatch(read -> read.signal().kind() == Signal.Kind.ERASED)) {
            return dlq.chain(() -> inOrder(signals)).invoke(dispatcher::wake);
        }
        // Committed: its deliveries are in the outbox; send them now rather than at the next poll.
        long started = System.nanoTime();
        long oldest = signals.stream().mapToLong(read -> read.record().timestamp()).min().orElse(0);
        Uni<Void> apply = Uni.createFrom().deferred(() -> alerts.onSignals(signals.stream().map(Read::signal).toList()))
                .invoke(() -> LOG.debugf("applied %d signals in %d ms; the oldest was written %d ms before",
                        signals.size(), (System.nanoTime() - started) / 1_000_000, System.currentTimeMillis() - oldest))
                .onFailure(failure -> !outage(failure)).recoverWithUni(failure -> {
                    LOG.warnf("A batch of %d signals failed (%s); applying them one by one", signals.size(),
                            failure.getMessage());
                    return oneByOne(signals);
                });
        // An outage (failover, too many connections, a deadlock, a lost connection) is waited out with
        // back-off: the batch is applied again (signals already applied are recognised by their ids),
        // and while it waits no further records are consumed, so no offset moves past unapplied work.
        return dlq.chain(() -> apply
                        .onFailure(SignalConsumer::outage).invoke(failure -> LOG.warnf(
                                "The database is unavailable (%s); retrying a batch of %d signals", failure.getMessage(),
                                signals.size()))
                        .onFailure(SignalConsumer::outage).retry().withBackOff(Duration.ofMillis(500),
                                Duration.ofSeconds(30)).indefinitely())
                .invoke(dispatcher::wake);
    }

    /**
     * A batch with erasures: the signals before an erasure are applied first, then the erasure, then
     * the rest, so nothing of an erased customer comes back from its own earlier signals.
     */
    private Uni<Void> inOrder(List<Read> signals) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<Read> pending = new ArrayList<>();
        for (Read read : signals) {
            if (read.signal().kind() != Signal.Kind.ERASED) {
                pending.add(read);
                continue;
            }
            List<Read> before = List.copyOf(pending);
            pending.clear();
            chain = chain.chain(() -> before.isEmpty() ? Uni.createFrom().voidItem() : applyAll(before))
                    .chain(() -> erasure.erase(read.signal().customerId())
                            // Refused as data, the erasure is dead-lettered alone; an outage is retried below.
                            .onFailure(failure -> !outage(failure)).recoverWithUni(failure -> deadLetter(
                                    read.record(), refused, "Could not erase the customer: " + failure.getMessage())));
        }
        List<Read> rest = List.copyOf(pending);
        return chain.chain(() -> rest.isEmpty() ? Uni.createFrom().voidItem() : applyAll(rest))
                .onFailure(SignalConsumer::outage).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .indefinitely();
    }

    private Uni<Void> applyAll(List<Read> reads) {
        return alerts.onSignals(reads.stream().map(Read::signal).toList())
                .onFailure(failure -> !outage(failure)).recoverWithUni(failure -> oneByOne(reads));
    }

    /**
     * A signal the database refuses as data (SQLSTATE class 22 or 23) or the rules reject is
     * dead-lettered alone; an outage fails the whole batch, which is then retried.
     */
    private Uni<Void> oneByOne(List<Read> signals) {
        return Multi.createFrom().iterable(signals).onItem().call(read -> alerts.onSignal(read.signal())
                        .onFailure(failure -> !outage(failure)).recoverWithUni(failure -> deadLetter(read.record(),
                                refused, "Could not apply the signal: " + failure.getMessage())))
                .collect().last().replaceWithVoid();
    }

    /**
     * Whether a failure is the database's unavailability rather than this signal's fault: any
     * PostgreSQL error outside SQLSTATE classes 22 (data) and 23 (integrity), any connection
     * failure, and Vert.x's own (a pool closed while the service stops). Everything else (the rules refusing a signal, a value the database refuses) is the
     * record's, and dead-lettered.
     */
    static boolean outage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CompositeException composite) {
                return composite.getCauses().stream().anyMatch(SignalConsumer::outage);
            }
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (state != null) {
                return !StoreFailures.dataState(state);
            }
            // Vert.x's own failures ("Pool closed" while the service stops, a closed connection) are the
            // infrastructure's: the signal is consumed again, never dead-lettered.
            if (t instanceof java.net.ConnectException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.io.IOException
                    || t.getClass().getName().startsWith("io.vertx.core")
                    || t.getClass().getName().startsWith("io.vertx.sqlclient")) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, Counter kind, String reason) {
        kind.increment();
        return deadLetters.sendMessage(DeadLetters.of(record, reason));
    }

    private static void bounded(String field, String value, int max) {
        if (value != null && (value.length() > max || StorableText.unstorable(value, false))) {
            throw new IllegalArgumentException(field + " must be at most " + max
                    + " characters without control characters");
        }
    }

    private static void score(String field, Integer value) {
        if (value != null && (value < 0 || value > 100)) {
            throw new IllegalArgumentException(field + " must be between 0 and 100, was " + value);
        }
    }

    static Signal toSignal(SignalRecord r) {
        if (r.signalId() == null || r.customerId() == null || r.kind() == null || r.scoreAfter() == null) {
            throw new IllegalArgumentException("signalId, kind, customerId and scoreAfter are required");
        }
        // What the alert table holds (V1): refused here with the field named, not by the database.
        bounded("signalId", r.signalId(), 64);
        bounded("customerId", r.customerId(), 128);
        bounded("segment", r.segment(), 64);
        bounded("cause", r.cause(), 64);
        bounded("bandBefore", r.bandBefore(), 16);
        bounded("bandAfter", r.bandAfter(), 16);
        score("scoreAfter", r.scoreAfter());
        score("scoreBefore", r.scoreBefore());
        return new Signal(r.signalId(), Signal.Kind.valueOf(r.kind()), r.customerId(), r.segment(),
                r.cause() == null ? "score" : r.cause(),
                r.severity() == null ? Severity.WARNING : Severity.valueOf(r.severity()),
                r.scoreBefore(), r.scoreAfter(), r.bandBefore(), r.bandAfter(),
                r.drivers() == null ? List.of() : r.drivers(),
                r.recommendedAction() == null ? "Contact the customer" : r.recommendedAction(),
                r.triggeringEventId(), r.occurredAt(), probability(r.risk()));
    }

    private static Double probability(SignalRecord.Risk risk) {
        if (risk == null || risk.probability() == null) {
            return null;
        }
        if (!(risk.probability() >= 0 && risk.probability() <= 1)) {
            throw new IllegalArgumentException("risk.probability must lie between 0 and 1, was " + risk.probability());
        }
        return risk.probability();
    }
}
