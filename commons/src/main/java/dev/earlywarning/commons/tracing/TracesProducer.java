package dev.earlywarning.commons.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;

/**
 * One {@link Traces} per service, on the OpenTelemetry SDK Quarkus configures. With tracing off
 * ({@code quarkus.otel.sdk.disabled}, the default) it does nothing at all: the "disabled" SDK still
 * starts real, sampled spans that are never exported, and would write their contexts into every
 * record (a trace id that exists nowhere, and the cost of a span per request and record).
 */
@Singleton
public class TracesProducer {

    @Produces
    @Singleton
    Traces traces(OpenTelemetry openTelemetry,
                  @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        return disabled ? Traces.none() : new Traces(openTelemetry, "dev.earlywarning");
    }
}
