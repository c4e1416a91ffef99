package dev.earlywarning.commons.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The properties of a Kafka client a service builds itself (a producer, a consumer, an admin client),
 * from the service's Kafka configuration ({@code kafka.*}, as the connector's clients get it): the
 * bootstrap servers and every TLS and SASL setting carry over, so no client connects differently
 * from the connector's. Only what the client type accepts is kept.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    public static Map<String, Object> producer(Map<String, Object> kafka, String clientId) {
        return of(kafka, ProducerConfig.configNames(), clientId);
    }

    public static Map<String, Object> consumer(Map<String, Object> kafka, String clientId) {
        return of(kafka, ConsumerConfig.configNames(), clientId);
    }

    public static Map<String, Object> admin(Map<String, Object> kafka, String clientId) {
        return of(kafka, AdminClientConfig.configNames(), clientId);
    }

    private static Map<String, Object> of(Map<String, Object> kafka, Set<String> accepted, String clientId) {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (accepted.contains(key) && value != null) {
                props.put(key, value);
            }
        });
        if (!props.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("No bootstrap.servers in the Kafka configuration");
        }
        props.put("client.id", clientId);
        return props;
    }
}
