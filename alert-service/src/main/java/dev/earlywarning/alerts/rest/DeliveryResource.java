package dev.earlywarning.alerts.rest;

import jakarta.annotation.security.RolesAllowed;
import dev.earlywarning.commons.security.Roles;
import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.earlywarning.alerts.service.DeliveryService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryService deliveries;
    private final SecurityIdentity caller;

    public DeliveryResource(DeliveryService deliveries, SecurityIdentity caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @RolesAllowed({Roles.ADMIN})
    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Send a failed (exhausted) delivery again, with its attempts reset; 409 unless it failed")
    public Uni<AlertResource.DeliveryView> replay(@PathParam("id") UUID id) {
        return deliveries.replay(id, caller.getPrincipal().getName()).map(AlertResource.DeliveryView::of);
    }
}
