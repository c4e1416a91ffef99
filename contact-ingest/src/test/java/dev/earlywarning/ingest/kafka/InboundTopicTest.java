package dev.earlywarning.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class InboundTopicTest {

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aValidRawEventIsPublishedCanonicallyKeyedByCustomer() {
        String customer = "C-" + UUID.randomUUID();
        String eventId = "evt-" + UUID.randomUUID();
        TopicReader.write("contact-events.inbound", "any-key", """
                {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"contact","channel":"whatsapp",
                 "sentiment":"neutral"}""".formatted(eventId, customer, Instant.now()));

        ConsumerRecord<String, String> canonical = TopicReader.await("contact-events",
                r -> r.value().contains(eventId), 1, Duration.ofSeconds(30)).get(0);
        assertThat(canonical.key()).isEqualTo(customer);
        assertThat(canonical.value()).contains("\"schemaVersion\":1").contains("\"receivedAt\"");
    }

    @Test
    void anInvalidRecordGoesToTheDeadLetterTopicWithReasonBytesAndOffset() {
        String key = "bad-" + UUID.randomUUID();
        String invalid = "{\"eventId\":\"" + key + "\",\"type\":\"contact\",\"channel\":\"pigeon\"}";
        TopicReader.write("contact-events.inbound", key, invalid);

        ConsumerRecord<String, String> dead = TopicReader.await("contact-events.dlq",
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(dead.value()).isEqualTo(invalid);
        assertThat(header(dead, "dead-letter-reason")).contains("channel: 'pigeon' is not one of");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo("contact-events.inbound");
        assertThat(Long.parseLong(header(dead, "dead-letter-offset"))).isNotNegative();
    }

    @Test
    void bytesThatAreNotJsonAreDeadLetteredUnchanged() {
        byte[] key = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] value = {(byte) 0xC3, (byte) 0x28, 0x00, 0x7B};
        TopicReader.writeBytes("contact-events.inbound", key, value);

        ConsumerRecord<String, String> dead = TopicReader.await("contact-events.dlq",
                r -> new String(key, StandardCharsets.UTF_8).equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(header(dead, "dead-letter-reason")).contains("not valid JSON");
    }
}
