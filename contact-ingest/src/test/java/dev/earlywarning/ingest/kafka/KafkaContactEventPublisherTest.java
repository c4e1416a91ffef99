package dev.earlywarning.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.earlywarning.ingest.event.Channel;
import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.event.EventType;
import dev.earlywarning.ingest.service.EventRefusedException;
import dev.earlywarning.ingest.service.PublishUnavailableException;
import dev.earlywarning.ingest.service.TestIngestConfig;

/** The publisher's answers to what Kafka says, and its bounds, with Kafka's own mock producer. */
class KafkaContactEventPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private static ContactEvent event(String id) {
        return new ContactEvent(1, id, "C-1", Instant.now(), Instant.now(), null, null, EventType.CONTACT,
                Channel.PHONE, null, true, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static Throwable failureOf(CompletableFuture<Void> ack) throws InterruptedException {
        try {
            ack.get(5, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
    }

    @Test
    void aRecordTooLargeForTheTopicIsRefusedNotAnOutage() throws Exception {
        // Before: answered 503 forever, and an inbound record retried without end, stalling its partition.
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        var publisher = new KafkaContactEventPublisher(producer, TestIngestConfig.of(Duration.ofSeconds(5), 10), JSON, dev.earlywarning.commons.tracing.Traces.none());
        List<CompletableFuture<Void>> acks = publisher.publish(List.of(event("big"), event("fine")));
        org.awaitility.Awaitility.await().until(() -> producer.history().size() == 2);
        producer.errorNext(new RecordTooLargeException("message too large"));
        producer.errorNext(new TimeoutException("broker gone"));

        assertThat(failureOf(acks.get(0))).isInstanceOfSatisfying(EventRefusedException.class,
                refused -> assertThat(refused.tooLarge()).isTrue());
        assertThat(failureOf(acks.get(1))).isInstanceOf(TimeoutException.class);
        publisher.close();
    }

    @Test
    void aFullQueueIsAnsweredAtOnceAndAStaleRequestIsNeverSent() throws Exception {
        // A producer whose send blocks, as it does while the broker is unreachable (max.block.ms).
        CountDownLatch release = new CountDownLatch(1);
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record,
                    org.apache.kafka.clients.producer.Callback callback) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(record, callback);
            }
        };
        var publisher = new KafkaContactEventPublisher(producer, TestIngestConfig.of(Duration.ofMillis(300), 2), JSON, dev.earlywarning.commons.tracing.Traces.none());
        var blocked = publisher.publish(List.of(event("first"))); // taken by the sender thread, blocks
        Thread.sleep(100);
        var queued = publisher.publish(List.of(event("second")));
        var queuedToo = publisher.publish(List.of(event("third")));
        var overflow = publisher.publish(List.of(event("fourth")));

        assertThat(failureOf(overflow.get(0))).isInstanceOf(PublishUnavailableException.class)
                .hasMessageContaining("too many requests");
        Thread.sleep(400); // the queued requests' publish timeout passes while they wait
        release.countDown();

        assertThat(failureOf(blocked.get(0))).isNull();
        assertThat(failureOf(queued.get(0))).isInstanceOf(PublishUnavailableException.class)
                .hasMessageContaining("publish timeout passed");
        assertThat(failureOf(queuedToo.get(0))).isInstanceOf(PublishUnavailableException.class);
        assertThat(producer.history()).extracting(r -> r.headers().lastHeader("ew-event-id").value())
                .extracting(String::new).containsExactly("first");
        publisher.close();
    }
}
