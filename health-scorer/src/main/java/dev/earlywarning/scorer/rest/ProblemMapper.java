package dev.earlywarning.scorer.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 problem details for HTTP errors. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return Response.status(status)
                .type("application/problem+json")
                .entity(Map.of("type", "https://early-warning.dev/problems/http-" + status,
                        "title", known == null ? "HTTP " + status : known.getReasonPhrase(),
                        "status", status,
                        "detail", String.valueOf(e.getMessage())))
                .build();
    }
}
