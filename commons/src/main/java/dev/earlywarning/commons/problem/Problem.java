package dev.earlywarning.commons.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, as every service answers them: a type URI under
 * {@code https://early-warning.dev/problems/}, a title, the status, a detail, and the bad fields of
 * the request in {@code errors}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://early-warning.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors == null ? List.of() : List.copyOf(errors));
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return of(slug, title, status, detail, List.of());
    }

    /** The problem as a response: its status, the problem media type, the problem as the body. */
    public Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
