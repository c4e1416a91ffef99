package dev.earlywarning.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void startsRealKafkaAndPostgresWithTheSystemsTopics() throws Exception {
        Platform platform = Platform.shared();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    Topics.ALL.stream().map(Topics.Spec::name).toList()).allTopicNames().get();
            for (Topics.Spec spec : Topics.ALL) {
                assertThat(topics.get(spec.name()).partitions()).hasSize(spec.partitions());
            }
        }

        String key = "customer-" + UUID.randomUUID();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONTACT_EVENTS, key, "hello")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "platform-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CONTACT_EVENTS));
            boolean seen = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                seen = java.util.stream.StreamSupport.stream(records.spliterator(), false)
                        .anyMatch(r -> key.equals(r.key()) && "hello".equals(r.value()));
            }
            assertThat(seen).as("record read back from the broker").isTrue();
        }

        Postgres pg = platform.postgres();
        pg.createDatabase("platform_check");
        pg.createDatabase("platform_check"); // idempotent
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("platform_check"), pg.user(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(140000);
        }
    }

    @Test
    void sharedPlatformIsStartedOncePerJvm() {
        assertThat(Platform.shared()).isSameAs(Platform.shared());
    }
}
