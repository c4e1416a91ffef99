package dev.earlywarning.scorer.kafka;

import java.time.Clock;

import dev.earlywarning.commons.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.scorer.service.ScorerConfig;
import dev.earlywarning.scorer.service.ScoringService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Reads canonical contact events in batches. On partition assignment it loads the partitions'
 * customers and seeks to the offsets stored with their state, so a crash or rebalance neither
 * loses nor double-counts an event. A record that is not a scorable event goes to
 * {@code health-scorer.dlq} with the reason and its source in headers; the batch goes on.
 */
@ApplicationScoped
@Identifier(ContactEventConsumer.REBALANCE_LISTENER)
public class ContactEventConsumer implements KafkaConsumerRebalanceListener {

    public static final String CHANNEL = "contact-events";
    public static final String REBALANCE_LISTENER = "scorer-rebalance";
    public static final String DLQ_CHANNEL = "health-scorer-dlq";

    private static final Logger LOG = Logger.getLogger(ContactEventConsumer.class);

    private final ScoringService scoring;
    private final ObjectMapper json;
    private final MutinyEmitter<String> deadLetters;
    private final BatchTraces traces;

    public ContactEventConsumer(ScoringService scoring, ObjectMapper json, BatchTraces traces,
                                @Channel(DLQ_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                MutinyEmitter<String> deadLetters) {
        this.scoring = scoring;
        this.json = json;
        this.deadLetters = deadLetters;
        this.traces = traces;
    }

    /**
     * Runs on a worker thread, one batch at a time: scoring, publishing and storing block until
     * done, so the next batch is only polled for once this one is safe.
     */
    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) {
        List<ScoringService.Input> inputs = new ArrayList<>(batch.count());
        Map<RecordId, ConsumerRecord<String, String>> records = new HashMap<>();
        Map<Integer, Long> nextOffsets = new HashMap<>();
        boolean tracing = traces.enabled();
        Map<String, ConsumerRecord<String, String>> byEventId = tracing ? new HashMap<>() : Map.of();
        List<Uni<Void>> deadLettered = new ArrayList<>();
        String topic = null;
        for (ConsumerRecord<String, String> record : batch) {
            topic = record.topic();
            nextOffsets.merge(record.partition(), record.offset() + 1, Math::max);
            try {
                ContactEventRecord event = json.readValue(record.value(), ContactEventRecord.class);
                inputs.add(new ScoringService.Input(record.partition(), record.offset(),
                        ContactEventMapper.toFact(event)));
                records.put(new RecordId(record.partition(), record.offset()), record);
                if (tracing && event.eventId() != null) {
                    byEventId.put(event.eventId(), record);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String reason = "Not a contact event: "
                        + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
                deadLettered.add(deadLetter(record, reason));
            }
        }
        if (topic == null) {
            return;
        }
        if (!deadLettered.isEmpty()) {
            Uni.join().all(deadLettered).andFailFast().await().indefinitely();
        }
        LOG.debugf("Scoring a batch of %d records; next offsets %s", batch.count(), nextOffsets);
        traces.begin(byEventId);
        try {
            scoring.process(inputs, nextOffsets, topic, (input, reason) ->
                    deadLetter(records.get(new RecordId(input.partition(), input.offset())), reason)
                            .subscribeAsCompletionStage());
        } finally {
            traces.end();
        }
    }

    private record RecordId(int partition, long offset) {
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        return deadLetters.sendMessage(DeadLetters.of(record, reason));
    }

    /** Runs on the polling thread: loads state and seeks before any record of these partitions is read. */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String topic = partitions.iterator().next().topic();
        Map<Integer, Long> offsets = scoring.assign(topic, partitions.stream().map(TopicPartition::partition).toList());
        for (TopicPartition partition : partitions) {
            Long next = offsets.get(partition.partition());
            if (next != null) {
                consumer.seek(partition, next);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        scoring.revoke(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** In wall-clock mode, timers (silence, a promise past due) fire by the clock, with no event needed. */
    @Scheduled(every = "${scorer.timer-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void fireTimers() {
        if (scoring.clockMode() == ScorerConfig.ClockMode.WALL_CLOCK) {
            scoring.sweep(scoring.now());
        }
    }
}
