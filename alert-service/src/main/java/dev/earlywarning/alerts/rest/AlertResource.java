package dev.earlywarning.alerts.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.persistence.DeliveryEntity;
import dev.earlywarning.alerts.service.AlertService;
import dev.earlywarning.alerts.service.AlertView;
import io.smallrye.mutiny.Uni;

@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** A delivery of an alert to a subscription, with its last attempt. */
    public record DeliveryView(UUID id, UUID subscriptionId, String eventType, String status, int attempts,
                               Integer lastStatus, String lastError, java.time.Instant createdAt,
                               java.time.Instant deliveredAt) {
        static DeliveryView of(DeliveryEntity d) {
            return new DeliveryView(d.id, d.subscriptionId, d.eventType, d.status, d.attempts, d.lastStatus,
                    d.lastError, d.createdAt, d.deliveredAt);
        }
    }

    private final AlertService alerts;

    public AlertResource(AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    @Operation(summary = "List alerts, newest first, filtered by status and customer")
    public Uni<List<AlertView>> list(@QueryParam("status") AlertStatus status,
                                     @QueryParam("customerId") String customerId,
                                     @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("50") int size) {
        return alerts.search(status, customerId, Math.max(page, 0), Math.min(Math.max(size, 1), 500));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One alert with its drivers and recommended action")
    public Uni<AlertView> get(@PathParam("id") UUID id) {
        return alerts.get(id);
    }

    @POST
    @Path("/{id}/acknowledge")
    @Operation(summary = "Acknowledge an alert; repeating it changes nothing, a resolved alert answers 409")
    public Uni<AlertView> acknowledge(@PathParam("id") UUID id) {
        return alerts.acknowledge(id);
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve an alert; repeating it changes nothing")
    public Uni<AlertView> resolve(@PathParam("id") UUID id) {
        return alerts.resolve(id);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "Webhook deliveries of an alert with their outcome")
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") UUID id) {
        return alerts.deliveriesOf(id).map(list -> list.stream().map(DeliveryView::of).toList());
    }
}
