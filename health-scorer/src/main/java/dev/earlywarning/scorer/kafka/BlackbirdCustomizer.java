package dev.earlywarning.scorer.kafka;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The application's mapper (consumed events, published health updates and signals) reaches record
 * components through generated accessors instead of reflection: in contact-ingest's benchmark the
 * reflective calls were the largest part of reading and writing JSON. The state store's own mapper
 * finds the module on the class path.
 */
@Singleton
public class BlackbirdCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new BlackbirdModule());
    }
}
