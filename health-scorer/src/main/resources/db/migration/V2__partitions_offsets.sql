-- The scorer owns customers by Kafka partition: state is reloaded per partition on assignment.
ALTER TABLE customer_health DROP COLUMN version;
ALTER TABLE customer_health ADD COLUMN kafka_partition integer NOT NULL DEFAULT 0;
CREATE INDEX customer_health_partition ON customer_health (kafka_partition);
CREATE INDEX customer_health_segment_band ON customer_health (segment, band, score);

-- What changed a score: an event id, or timer@<time> when time alone did.
ALTER TABLE health_history RENAME COLUMN event_id TO cause;
ALTER TABLE health_history ALTER COLUMN cause TYPE varchar(160);

-- The next offset to consume per partition, written in the same transaction as the state.
CREATE TABLE consumed_offset (
    id              varchar(300) PRIMARY KEY,
    topic           varchar(249) NOT NULL,
    kafka_partition integer      NOT NULL,
    next_offset     bigint       NOT NULL
);
