package dev.earlywarning.commons.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "broker-1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "group.id", "health-scorer",
            "acks", "all",
            "not.a.kafka.setting", "x");

    @Test
    void everyClientTypeGetsTheConnectionAndItsSecurity() {
        for (Map<String, Object> props : new Map[] {KafkaClientProperties.producer(SECURED, "p"),
                KafkaClientProperties.consumer(SECURED, "c"), KafkaClientProperties.admin(SECURED, "a")}) {
            assertThat(props).containsEntry("bootstrap.servers", "broker-1:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsKey("sasl.jaas.config")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                    .doesNotContainKey("not.a.kafka.setting");
        }
    }

    @Test
    void onlyWhatTheClientTypeAcceptsIsKeptAndTheClientIsNamed() {
        assertThat(KafkaClientProperties.producer(SECURED, "p")).containsEntry("acks", "all")
                .doesNotContainKey("group.id").containsEntry("client.id", "p");
        assertThat(KafkaClientProperties.consumer(SECURED, "c")).containsEntry("group.id", "health-scorer")
                .doesNotContainKey("acks").containsEntry("client.id", "c");
        assertThat(KafkaClientProperties.admin(SECURED, "a")).doesNotContainKeys("acks", "group.id");
    }

    @Test
    void aConfigurationWithoutBrokersIsRefused() {
        assertThatThrownBy(() -> KafkaClientProperties.admin(Map.of("acks", "all"), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
    }
}
