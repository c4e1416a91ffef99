package dev.earlywarning.ingest.rest;

import dev.earlywarning.commons.problem.CommonProblemMappers;
import dev.earlywarning.commons.problem.Problem;

import dev.earlywarning.commons.problem.JsonFieldErrors;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.earlywarning.ingest.service.ProducerQuota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.earlywarning.ingest.event.ContactEventJson;
import dev.earlywarning.ingest.service.InvalidEventException;
import dev.earlywarning.commons.problem.FieldError;

/**
 * Turns this service's failures into RFC 9457 problem details; no client mistake becomes a 5xx. Bad
 * JSON, wrong types and other HTTP errors are answered as in every service ({@link CommonProblemMappers}).
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        return invalid(e.errors());
    }

    /** 400: the event is invalid, each bad field named. */
    static Response invalid(List<FieldError> errors) {
        return problem(Problem.of("invalid-event", "The contact event is invalid", 400,
                errors.size() + " field(s) are invalid", errors));
    }

    /** 503: Kafka did not take the event; the client retries after {@code retryAfter}. */
    static Response unavailable(String reason, Duration retryAfter) {
        return Response.status(503)
                .header("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .entity(Problem.of("publish-unavailable", "Events cannot be stored right now", 503,
                        reason + "; nothing was accepted, retry later", List.of()))
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    /** 429: the producer is over its rate limit; nothing of the request was accepted. */
    @ServerExceptionMapper
    public Response rateLimited(ProducerQuota.Exceeded e) {
        return Response.status(429)
                .header("Retry-After", ProducerQuota.seconds(e.retryAfter()))
                .entity(Problem.of("rate-limited", "Too many events", 429,
                        e.getMessage() + "; nothing of this request was accepted", List.of()))
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public Response tooLarge(TooLargeException e) {
        return tooLarge(e.getMessage());
    }

    static Response tooLarge(String detail) {
        return problem(Problem.of("payload-too-large", "The request is too large", 413, detail, List.of()));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).entity(problem).type(Problem.MEDIA_TYPE).build();
    }
}
