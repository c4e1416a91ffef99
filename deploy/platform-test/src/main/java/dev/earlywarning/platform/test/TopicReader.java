package dev.earlywarning.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.earlywarning.platform.Platform;

/** Reads a topic of the shared test platform from the beginning, as a test's witness. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Waits until records matching {@code match} have been read, and returns them; fails after {@code timeout}. */
    public static List<ConsumerRecord<String, String>> await(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                             int count, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("Expected " + count + " matching record(s) on " + topic + " within " + timeout
                    + ", found " + found.size());
        }
        return found;
    }

    /**
     * Every matching record from the beginning of the topic up to its end as of this call: a witness
     * that something is on a topic exactly so many times.
     */
    public static List<ConsumerRecord<String, String>> readAll(String topic,
                                                               Predicate<ConsumerRecord<String, String>> match,
                                                               Duration timeout) {
        return readAll(Platform.shared().bootstrapServers(), topic, match, timeout);
    }

    /** {@link #readAll(String, Predicate, Duration)} on the broker at {@code bootstrapServers}. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic,
                                                               Predicate<ConsumerRecord<String, String>> match,
                                                               Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Writes one record with raw bytes (for example bytes that are not UTF-8) and waits for the acknowledgement. */
    public static void writeBytes(String topic, byte[] key, byte[] value) {
        send(new ByteArraySerializer(), new ProducerRecord<>(topic, key, value));
    }

    /** Writes one record to a topic of the shared test platform and waits for the broker's acknowledgement. */
    public static void write(String topic, String key, String value) {
        write(topic, key, value, Map.of());
    }

    /** Writes one record with headers and waits for the broker's acknowledgement. */
    public static void write(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        send(new StringSerializer(), record);
    }

    private static <T> void send(Serializer<T> serializer, ProducerRecord<T, T> record) {
        Properties props = new Properties();
        props.put("bootstrap.servers", Platform.shared().bootstrapServers());
        props.put("acks", "all");
        try (KafkaProducer<T, T> producer = new KafkaProducer<>(props, serializer, serializer)) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not write to " + record.topic(), e);
        }
    }
}
