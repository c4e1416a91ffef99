package dev.earlywarning.ingest.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the canonical events' producer is connected to the cluster. */
@Readiness
@ApplicationScoped
public class ProducerReadiness implements HealthCheck {

    private final KafkaContactEventPublisher publisher;

    public ProducerReadiness(KafkaContactEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Kafka producer").status(publisher.connected())
                .withData("topic", publisher.topic()).build();
    }
}
