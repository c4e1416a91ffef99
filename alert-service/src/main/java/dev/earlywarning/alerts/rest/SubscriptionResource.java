package dev.earlywarning.alerts.rest;

import jakarta.annotation.security.RolesAllowed;
import dev.earlywarning.commons.security.Roles;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import dev.earlywarning.alerts.persistence.Delivery;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.earlywarning.alerts.service.SubscriptionService;
import dev.earlywarning.alerts.service.SubscriptionService.NewSubscription;
import dev.earlywarning.alerts.service.SubscriptionService.SubscriptionView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private final SubscriptionService subscriptions;
    private final SecurityIdentity caller;

    private final dev.earlywarning.alerts.service.DeliveryService deliveries;

    public SubscriptionResource(SubscriptionService subscriptions, SecurityIdentity caller,
                                dev.earlywarning.alerts.service.DeliveryService deliveries) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    private String actor() {
        return caller.getPrincipal().getName();
    }

    @RolesAllowed({Roles.ADMIN})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a webhook endpoint; the answer carries the signing secret, shown only once")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "retention desk",
            value = "{\"name\":\"retention desk\",\"url\":\"https://ops.example.com/hooks/churn\",\"minSeverity\":\"WARNING\","
                    + "\"segments\":[\"retail\"],\"causes\":[],\"groupWindowSeconds\":10}")))
    public Uni<Response> create(NewSubscription request) {
        return subscriptions.create(request, actor())
                .map(view -> Response.created(URI.create("/subscriptions/" + view.id())).entity(view).build());
    }

    @RolesAllowed({Roles.ADMIN})
    @GET
    @Operation(summary = "List subscriptions (without secrets)")
    public Uni<List<SubscriptionView>> list() {
        return subscriptions.list();
    }

    @RolesAllowed({Roles.ADMIN})
    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "A subscription's deliveries with their attempts, newest first; status=PENDING|DELIVERED|FAILED; "
            + "paged")
    public Uni<List<AlertResource.DeliveryView>> deliveries(@PathParam("id") UUID id,
                                                           @QueryParam("status") String status,
                                                           @QueryParam("page") @DefaultValue("0") int page,
                                                           @QueryParam("size") @DefaultValue("50") int size) {
        if (status != null && !List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED).contains(status)) {
            throw new InvalidRequest("status", "must be PENDING, DELIVERED or FAILED, was '" + status + "'");
        }
        return deliveries.ofSubscription(id, status, Math.max(page, 0), Math.min(Math.max(size, 1), 500))
                .map(list -> list.stream().map(AlertResource.DeliveryView::of).toList());
    }

    @RolesAllowed({Roles.ADMIN})
    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause: deliveries are held until resumed")
    public Uni<SubscriptionView> pause(@PathParam("id") UUID id) {
        return subscriptions.pause(id, actor());
    }

    @RolesAllowed({Roles.ADMIN})
    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume: held deliveries are sent; also re-enables a subscription disabled by a 410")
    public Uni<SubscriptionView> resume(@PathParam("id") UUID id) {
        return subscriptions.resume(id, actor());
    }

    @RolesAllowed({Roles.ADMIN})
    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret: the new one is shown once; both sign during the overlap window")
    public Uni<SubscriptionView> rotateSecret(@PathParam("id") UUID id) {
        return subscriptions.rotateSecret(id, actor());
    }

    @RolesAllowed({Roles.ADMIN})
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a subscription and its pending deliveries")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return subscriptions.delete(id, actor()).replaceWith(Response.noContent().build());
    }
}
