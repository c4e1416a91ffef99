package dev.earlywarning.alerts.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.earlywarning.alerts.domain.IllegalTransitionException;
import dev.earlywarning.alerts.service.NotFoundProblem;
import dev.earlywarning.alerts.service.SubscriptionService;
import dev.earlywarning.commons.problem.CommonProblemMappers;
import dev.earlywarning.commons.problem.Problem;

/**
 * RFC 9457 problem details for this service's own failures. Bad JSON, wrong types and other HTTP
 * errors are answered as in every service ({@link CommonProblemMappers}).
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return Problem.of("not-found", "Not found", 404, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e) {
        return Problem.of("illegal-transition", "The alert's status does not allow this", 409, e.getMessage())
                .response();
    }

    @ServerExceptionMapper
    public Response invalidSubscription(SubscriptionService.InvalidSubscription e) {
        return Problem.of("invalid-subscription", "The subscription is invalid", 400, e.getMessage(), e.errors())
                .response();
    }

    @ServerExceptionMapper
    public Response subscriptionLimit(SubscriptionService.LimitReached e) {
        return Problem.of("subscription-limit", "Too many subscriptions", 409, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response streamSeats(dev.earlywarning.alerts.service.StreamSeats.Full e) {
        return Response.fromResponse(Problem.of("too-many-streams", "Too many live streams", 429, e.getMessage())
                .response()).header("Retry-After", 5).build();
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequest e) {
        return Problem.of("invalid-request", "The request is invalid", 400, e.getMessage(), e.errors()).response();
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return Problem.of("invalid-request", "The request is invalid", 400, e.getMessage(), List.of()).response();
    }
}
