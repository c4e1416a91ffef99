package dev.earlywarning.ingest.rest;

import java.util.concurrent.CompletionStage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.earlywarning.commons.security.Roles;
import dev.earlywarning.ingest.service.IngestConfig;
import dev.earlywarning.ingest.service.IngestService;
import io.quarkus.security.identity.SecurityIdentity;

/** A data subject's erasure: the customer is removed from every service. */
@Path("/customers/{customerId}/erasure")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerErasureResource {

    private final IngestService service;
    private final IngestConfig config;
    private final SecurityIdentity caller;

    public CustomerErasureResource(IngestService service, IngestConfig config, SecurityIdentity caller) {
        this.service = service;
        this.config = config;
        this.caller = caller;
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(summary = "Erase a customer in every service",
            description = "Publishes a customer_erased event after the customer's earlier events (same key): the "
                    + "scorer deletes its state and history and writes a tombstone to relationship-health, "
                    + "alert-service deletes its alerts, deliveries and stream events. 202 once Kafka has the "
                    + "request; the services apply it within seconds.")
    @APIResponse(responseCode = "202", description = "The erasure is on its way to every service")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing was requested, retry")
    public CompletionStage<Response> erase(@PathParam("customerId") String customerId) {
        return service.erase(customerId, caller.getPrincipal().getName()).thenApply(result -> switch (result.status()) {
            case ACCEPTED, DUPLICATE -> Response.status(202).entity(result).build();
            case REJECTED, TOO_LARGE -> ProblemMappers.invalid(result.errors());
            case UNAVAILABLE -> ProblemMappers.unavailable(result.errors().get(0).message(), config.retryAfter());
        });
    }
}
