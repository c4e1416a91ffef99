package dev.earlywarning.ingest.rest;

import dev.earlywarning.commons.problem.Problem;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.earlywarning.ingest.service.IngestConfig;

/** Refuses oversized bodies by their Content-Length before they are read, with a 413 problem. */
public class RequestSizeFilter {

    private final IngestConfig config;

    public RequestSizeFilter(IngestConfig config) {
        this.config = config;
    }

    /** The limit of this request's body, for {@link BodySizeLimit}, which counts the bytes read. */
    static final String LIMIT = "ew.body-limit";
    static final String WHAT = "ew.body-kind";

    @ServerRequestFilter
    public Response limitBodySize(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        boolean batch = request.getUriInfo().getPath().endsWith("/batch");
        long limit = batch ? config.maxBatchBytes() : config.maxEventBytes();
        request.setProperty(LIMIT, limit);
        request.setProperty(WHAT, batch ? "per batch" : "per event");
        int length = request.getLength();
        if (length < 0 || length <= limit) {
            return null;
        }
        return Response.status(413).type(Problem.MEDIA_TYPE)
                .entity(Problem.of("payload-too-large", "The request body is too large", 413,
                        "The body has " + length + " bytes; at most " + limit + " are accepted "
                                + (batch ? "per batch" : "per event"), List.of()))
                .build();
    }
}
