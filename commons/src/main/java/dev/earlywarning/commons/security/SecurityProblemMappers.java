package dev.earlywarning.commons.security;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.earlywarning.commons.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * 401 and 403 as RFC 9457 problems. Authentication is not proactive
 * ({@code quarkus.http.auth.proactive=false}), so a missing, expired or foreign token reaches these
 * mappers instead of ending as an empty 401 before the REST layer.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("The bearer token is invalid, expired or not issued by a trusted issuer",
                "Bearer error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized("This API needs a bearer token (Authorization: Bearer <JWT>)", "Bearer");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of("forbidden", "Forbidden", 403,
                "The token's roles do not allow this" + (e.getMessage() == null || e.getMessage().isBlank()
                        || e.getMessage().equals("Forbidden") ? "" : ": " + e.getMessage())).response();
    }

    private static Response unauthorized(String detail, String challenge) {
        return Response.fromResponse(Problem.of("unauthorized", "Unauthorized", 401, detail).response())
                .header("WWW-Authenticate", challenge).build();
    }
}
