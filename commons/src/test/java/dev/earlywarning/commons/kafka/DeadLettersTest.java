package dev.earlywarning.commons.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

class DeadLettersTest {

    @Test
    void theDeadLetterKeepsTheRecordAndSaysWhyAndWhereFrom() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("contact-events", 3, 42L, "C-1", "{not json");
        Message<String> letter = DeadLetters.of(record, "Not a contact event: unexpected character");
        assertThat(letter.getPayload()).isEqualTo("{not json");
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = letter.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("C-1");
        Headers headers = metadata.getHeaders();
        assertThat(text(headers, DeadLetters.REASON)).isEqualTo("Not a contact event: unexpected character");
        assertThat(text(headers, DeadLetters.TOPIC)).isEqualTo("contact-events");
        assertThat(text(headers, DeadLetters.PARTITION)).isEqualTo("3");
        assertThat(text(headers, DeadLetters.OFFSET)).isEqualTo("42");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
