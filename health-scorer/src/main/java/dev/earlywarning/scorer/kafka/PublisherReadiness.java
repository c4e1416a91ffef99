package dev.earlywarning.scorer.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the producer of health updates and signals is connected to the cluster. */
@Readiness
@ApplicationScoped
public class PublisherReadiness implements HealthCheck {

    private final KafkaHealthPublisher publisher;

    public PublisherReadiness(KafkaHealthPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Kafka producer").status(publisher.connected()).build();
    }
}
