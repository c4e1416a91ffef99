package dev.earlywarning.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.earlywarning.ingest.domain.EventIdIndex;
import dev.earlywarning.commons.problem.FieldError;
import dev.earlywarning.ingest.event.Channel;
import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.event.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The service's answers per event, with a publisher the test acknowledges (or not) by hand. */
class IngestServiceTest {

    /** Holds every send; the test decides which are acknowledged, failed, or left unanswered. */
    private static final class HeldPublisher implements ContactEventPublisher {
        final List<ContactEvent> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> acks = new ArrayList<>();

        @Override
        public List<CompletableFuture<Void>> publish(List<ContactEvent> events) {
            List<CompletableFuture<Void>> mine = new ArrayList<>();
            for (ContactEvent event : events) {
                sent.add(event);
                CompletableFuture<Void> ack = new CompletableFuture<>();
                acks.add(ack);
                mine.add(ack);
            }
            return mine;
        }
    }

    private final HeldPublisher publisher = new HeldPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestService service = new IngestService(publisher,
            new EventIdIndex(Duration.ofHours(1), 1000), config(Duration.ofMillis(300)), registry,
            java.time.Clock.systemUTC());

    private static ContactEvent event(String id) {
        return new ContactEvent(null, id, "C-1", Instant.now().minusSeconds(60), null, "retail", "crm",
                EventType.CONTACT, Channel.PHONE, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    @Test
    void aBatchIsAnsweredPerEventOnceEveryEventHasItsAnswer() {
        ContactEvent invalid = new ContactEvent(null, "e-bad", null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        CompletableFuture<List<IngestResult>> answer = service.ingestBatch(
                List.of(event("e-1"), event("e-2"), event("e-1"), invalid), List.of(List.of(), List.of(), List.of(),
                        List.of()), "test", null);

        assertThat(publisher.sent).extracting(ContactEvent::eventId).containsExactly("e-1", "e-2");
        publisher.acks.get(0).complete(null);
        assertThat(answer).isNotDone();
        publisher.acks.get(1).completeExceptionally(new IllegalStateException("broker gone"));

        List<IngestResult> results = answer.join();
        assertThat(results).extracting(IngestResult::status).containsExactly(IngestResult.Status.ACCEPTED,
                IngestResult.Status.UNAVAILABLE, IngestResult.Status.DUPLICATE, IngestResult.Status.REJECTED);
        assertThat(results).extracting(IngestResult::index).containsExactly(0, 1, 2, 3);
        assertThat(results.get(1).errors()).extracting(FieldError::message)
                .allMatch(message -> message.contains("broker gone"));
        assertThat(registry.get("ew.ingest.events").tag("outcome", "accepted").counter().count()).isEqualTo(1);
    }

    @Test
    void eventsKafkaHasNotAcknowledgedInTimeAreAnsweredUnavailableAndARetryIsADuplicateOnceWritten() throws Exception {
        CompletableFuture<IngestResult> first = service.ingest(event("e-late"), List.of(), "test", null);

        IngestResult answered = first.get(5, TimeUnit.SECONDS);
        assertThat(answered.status()).isEqualTo(IngestResult.Status.UNAVAILABLE);
        assertThat(answered.errors().get(0).message()).contains("did not acknowledge");

        publisher.acks.get(0).complete(null); // the broker took it after all
        IngestResult retried = service.ingest(event("e-late"), List.of(), "test", null).get(5, TimeUnit.SECONDS);
        assertThat(retried.status()).isEqualTo(IngestResult.Status.DUPLICATE);
        assertThat(publisher.sent).hasSize(1);
    }

    @Test
    void aRequestWaitingForAnotherOnesWriteOfTheSameIdIsAnsweredWithinThePublishTimeoutToo() throws Exception {
        service.ingest(event("e-shared"), List.of(), "test", null); // in flight, never acknowledged

        IngestResult second = service.ingest(event("e-shared"), List.of(), "test", null).get(5, TimeUnit.SECONDS);

        assertThat(second.status()).isEqualTo(IngestResult.Status.UNAVAILABLE);
        assertThat(publisher.sent).hasSize(1);
    }

    private static IngestConfig config(Duration publishTimeout) {
        return TestIngestConfig.of(publishTimeout, 1000);
    }
}
