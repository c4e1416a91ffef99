package dev.earlywarning.commons.problem;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * How every service answers what is wrong with a request before its own code sees it, as RFC 9457
 * problem details: a body that is not JSON ({@code malformed-json}), a field of the wrong type
 * ({@code invalid-field}, the field named by its path and what it takes), and any other HTTP error
 * ({@code http-<status>}: an unknown path, a wrong method or media type). Each service adds the
 * problems of its own domain.
 */
public class CommonProblemMappers {

    /** Takes precedence over Quarkus' built-in mapper for this exception, which is not RFC 9457. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return unreadable(e).response();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        // Quarkus REST wraps body-reading failures; the Jackson cause says which field was wrong.
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return Problem.of("http-" + status, known == null ? "HTTP " + status : known.getReasonPhrase(), status,
                e.getMessage()).response();
    }

    /** The problem with a body Jackson could not read or map. */
    public static Problem unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return Problem.of("invalid-field", "A field has the wrong type or value", 400,
                    "The request body could not be mapped", List.of(JsonFieldErrors.of(mapping, "")));
        }
        return Problem.of("malformed-json", "The request body is not valid JSON", 400, e.getOriginalMessage());
    }
}
