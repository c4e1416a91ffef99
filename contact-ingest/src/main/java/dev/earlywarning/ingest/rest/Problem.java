package dev.earlywarning.ingest.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.earlywarning.ingest.domain.FieldError;

/** RFC 9457 problem details, with the bad fields of the request in {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://early-warning.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors);
    }
}
