package dev.earlywarning.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The system tests' fixtures on topics: written with every acknowledgement read, and read back whole. */
public final class Records {

    private Records() {
    }

    /**
     * Writes {key, value} records and checks every acknowledgement (a record lost here would look
     * like a service stopping short); returns the end offset per partition the acknowledgements give.
     */
    public static Map<Integer, Long> produce(String bootstrap, String topic, List<String[]> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<Integer, Long> ends = new TreeMap<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String[] record : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, record[0], record[1])));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                RecordMetadata metadata = send.get();
                ends.merge(metadata.partition(), metadata.offset() + 1, Math::max);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not write the fixture to " + topic, e);
        }
        return ends;
    }

    /** Every record of the topic, from the beginning to the end it has now. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
