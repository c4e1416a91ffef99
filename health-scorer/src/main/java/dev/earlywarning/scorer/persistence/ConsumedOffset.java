package dev.earlywarning.scorer.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The next offset to consume of one partition, stored with the state it produced. */
@Entity
@Table(name = "consumed_offset")
public class ConsumedOffset {

    @Id
    public String id;

    public String topic;

    @Column(name = "kafka_partition")
    public int partition;

    @Column(name = "next_offset")
    public long nextOffset;

    public static ConsumedOffset of(String topic, int partition, long nextOffset) {
        ConsumedOffset row = new ConsumedOffset();
        row.id = topic + "/" + partition;
        row.topic = topic;
        row.partition = partition;
        row.nextOffset = nextOffset;
        return row;
    }
}
