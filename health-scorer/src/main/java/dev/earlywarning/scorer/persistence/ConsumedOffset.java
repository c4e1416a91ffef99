package dev.earlywarning.scorer.persistence;

/** The next offset to consume of one partition, stored with the state it produced. */
public record ConsumedOffset(String id, String topic, int kafkaPartition, long nextOffset) {

    public static ConsumedOffset of(String topic, int partition, long nextOffset) {
        return new ConsumedOffset(topic + "/" + partition, topic, partition, nextOffset);
    }
}
