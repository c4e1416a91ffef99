package dev.earlywarning.ingest.event;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The application's mapper reads and writes instants through {@link InstantJson}, and reaches the
 * events' fields through generated accessors (Blackbird) instead of reflection.
 */
@Singleton
public class CanonicalJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(InstantJson.module());
        mapper.registerModule(new BlackbirdModule());
    }

    @Override
    public int priority() {
        // After Quarkus' own customizer registered the JSR-310 module, so this module's Instant handlers win.
        return MINIMUM_PRIORITY;
    }
}
