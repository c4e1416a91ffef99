package dev.earlywarning.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The de-duplication reader connects as the rest of the service does: it read only the bootstrap
 * servers before, so with TLS or SASL on the broker it could never catch up and the service never
 * became ready.
 */
class PublishedEventIdsConfigTest {

    @Test
    void theReaderGetsTheServicesTlsAndSaslSettingsAndNoGroup() {
        Map<String, Object> props = PublishedEventIds.consumerConfig(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12", "group.id", "contact-ingest"));
        assertThat(props).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsKey("sasl.jaas.config").containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("client.id", "contact-ingest-event-ids").containsEntry("enable.auto.commit", "false")
                .doesNotContainKey("group.id");
    }
}
