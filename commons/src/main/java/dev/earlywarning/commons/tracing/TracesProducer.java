package dev.earlywarning.commons.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.api.OpenTelemetry;

/** One {@link Traces} per service, on the OpenTelemetry SDK Quarkus configures (disabled by default). */
@Singleton
public class TracesProducer {

    @Produces
    @Singleton
    Traces traces(OpenTelemetry openTelemetry) {
        return new Traces(openTelemetry, "dev.earlywarning");
    }
}
