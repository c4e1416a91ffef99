package dev.earlywarning.alerts.rest;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.earlywarning.alerts.domain.IllegalTransitionException;
import dev.earlywarning.alerts.service.NotFoundProblem;
import dev.earlywarning.alerts.service.SubscriptionService;

/** RFC 9457 problem details for every error this service answers. */
public class ProblemMappers {

    /** The problem body. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail,
                          List<SubscriptionService.FieldProblem> errors) {
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return problem("not-found", "Not found", 404, e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e) {
        return problem("illegal-transition", "The alert's status does not allow this", 409, e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response invalidSubscription(SubscriptionService.InvalidSubscription e) {
        return problem("invalid-subscription", "The subscription is invalid", 400, e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequest e) {
        return problem("invalid-request", "The request is invalid", 400, e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return problem("invalid-request", "The request is invalid", 400, e.getMessage(), List.of());
    }

    /** Takes precedence over Quarkus' built-in mapper for this exception, which is not RFC 9457. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /** A body that is not JSON, or a field of the wrong type: 400, the field named by its path. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            return problem("invalid-request", "The request is invalid", 400, "A field has the wrong type or value",
                    List.of(new SubscriptionService.FieldProblem(field, "has the wrong type or value: "
                            + e.getOriginalMessage())));
        }
        return problem("malformed-json", "The request body is not valid JSON", 400, e.getOriginalMessage(),
                List.of());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        // Quarkus REST wraps body-reading failures; the Jackson cause says which field was wrong.
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return problem("http-" + status, known == null ? "HTTP " + status : known.getReasonPhrase(), status,
                e.getMessage(), List.of());
    }

    private static Response problem(String slug, String title, int status, String detail,
                                    List<SubscriptionService.FieldProblem> errors) {
        return Response.status(status).type("application/problem+json")
                .entity(new Problem("https://early-warning.dev/problems/" + slug, title, status, detail, errors))
                .build();
    }
}
