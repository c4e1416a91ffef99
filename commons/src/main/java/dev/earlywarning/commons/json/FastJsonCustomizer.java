package dev.earlywarning.commons.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every service's JSON mapper reaches records' fields through generated accessors (Blackbird)
 * instead of reflection, and writes doubles with Jackson's fast writer: both showed in profiles of
 * the hot paths (a scored event's assessment, update and history row; the ingest's canonical events).
 * The JSON written is the same.
 */
@Singleton
public class FastJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same for a mapper made outside CDI (a store's own column mapper). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.registerModule(new BlackbirdModule());
        mapper.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
        return mapper;
    }
}
