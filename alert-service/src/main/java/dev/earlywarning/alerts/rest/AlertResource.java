package dev.earlywarning.alerts.rest;

import jakarta.annotation.security.RolesAllowed;
import dev.earlywarning.commons.security.Roles;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.earlywarning.alerts.domain.AlertStatus;
import dev.earlywarning.alerts.persistence.AlertStore;
import dev.earlywarning.alerts.persistence.Delivery;
import dev.earlywarning.alerts.service.AccuracyService;
import dev.earlywarning.alerts.service.AlertService;
import dev.earlywarning.alerts.domain.LiveAccuracy;
import dev.earlywarning.alerts.service.AlertStream;
import dev.earlywarning.alerts.service.StreamSeats;
import io.smallrye.mutiny.Multi;
import dev.earlywarning.alerts.service.AlertView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** A delivery of an alert to a subscription, with its last attempt. */
    public record DeliveryView(UUID id, UUID subscriptionId, String eventType, String status, int attempts,
                               Integer lastStatus, String lastError, java.time.Instant createdAt,
                               java.time.Instant deliveredAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.subscriptionId(), d.eventType(), d.status(), d.attempts(), d.lastStatus(),
                    d.lastError(), d.createdAt(), d.deliveredAt());
        }
    }

    /**
     * Why a step is taken (optional). {@code actor} is refused: who acts is the bearer token's
     * subject, never what a request says.
     */
    public record StepRequest(String actor, String note) {
    }

    /** Silence an alert until a time. */
    public record SnoozeRequest(java.time.Instant until, String reason, String actor) {
    }

    /** What was done about an alert and whether it was useful. */
    public record OutcomeRequest(String actionTaken, Boolean useful, String actor) {
    }

    static final String ACTOR_FROM_TOKEN = "is taken from the bearer token; leave it out";

    /** One step of an alert's history. */
    public record TransitionView(String action, AlertStatus from, AlertStatus to, String actor, String note,
                                 java.time.Instant at) {
    }

    private final AlertService alerts;
    private final AlertStream stream;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final AccuracyService accuracy;

    private final SecurityIdentity caller;
    private final StreamSeats seats;

    public AlertResource(AlertService alerts, AlertStream stream, com.fasterxml.jackson.databind.ObjectMapper json,
                         AccuracyService accuracy, SecurityIdentity caller, StreamSeats seats) {
        this.caller = caller;
        this.seats = seats;
        this.accuracy = accuracy;
        this.alerts = alerts;
        this.stream = stream;
        this.json = json;
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Operation(summary = "List alerts, newest first (or sort=risk: most likely to leave first; sort=severity: most "
            + "severe first), filtered by status, "
            + "severity, segment, cause, customer and assignee (or unassigned=true); paged")
    public Uni<List<AlertView>> list(@QueryParam("status") AlertStatus status,
                                     @QueryParam("severity") dev.earlywarning.alerts.domain.Severity severity,
                                     @QueryParam("segment") String segment,
                                     @QueryParam("cause") String cause,
                                     @QueryParam("customerId") String customerId,
                                     @QueryParam("assignee") String assignee,
                                     @QueryParam("unassigned") @DefaultValue("false") boolean unassigned,
                                     @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("50") int size,
                                     @QueryParam("sort") @DefaultValue("newest") String sort) {
        AlertStore.Order order = switch (sort) {
            case "newest" -> AlertStore.Order.NEWEST;
            case "risk" -> AlertStore.Order.RISK;
            case "severity" -> AlertStore.Order.SEVERITY;
            default -> throw new InvalidRequest("sort", "must be newest, risk or severity, was '" + sort + "'");
        };
        return alerts.search(filter(status, severity, segment, cause, customerId, assignee, unassigned), order,
                Math.max(page, 0), Math.min(Math.max(size, 1), 500));
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/counts")
    @Operation(summary = "How many alerts match the filters (as for the list), and per status, severity, segment and "
            + "cause how many match the other filters: the counts an inbox shows beside each choice")
    public Uni<AlertStore.Counts> counts(@QueryParam("status") AlertStatus status,
                                         @QueryParam("severity") dev.earlywarning.alerts.domain.Severity severity,
                                         @QueryParam("segment") String segment,
                                         @QueryParam("cause") String cause,
                                         @QueryParam("customerId") String customerId,
                                         @QueryParam("assignee") String assignee,
                                         @QueryParam("unassigned") @DefaultValue("false") boolean unassigned) {
        return alerts.count(filter(status, severity, segment, cause, customerId, assignee, unassigned));
    }

    private static AlertStore.Filter filter(AlertStatus status, dev.earlywarning.alerts.domain.Severity severity,
                                            String segment, String cause, String customerId, String assignee,
                                            boolean unassigned) {
        if (unassigned && assignee != null) {
            throw new InvalidRequest("unassigned", "cannot be asked for together with an assignee");
        }
        return new AlertStore.Filter(status, customerId, severity, segment, cause, assignee, unassigned);
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/accuracy")
    @Operation(summary = "How right the alerts were: precision, recall, median lead time and the operators' useful "
            + "share, overall, per cause and per segment, for alerts opened within the last `days` (default 365), "
            + "measured against relationship_ended outcomes")
    public Uni<LiveAccuracy.Report> accuracy(@QueryParam("days") @DefaultValue("365") int days) {
        if (days < 1 || days > 3650) {
            throw new InvalidRequest("days", "must be between 1 and 3650, was " + days);
        }
        return accuracy.measure(java.time.Duration.ofDays(days));
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live stream of alert changes (server-sent events); reconnect with Last-Event-ID to resume")
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Long resumeAfter;
        try {
            resumeAfter = lastEventId == null || lastEventId.isBlank() ? null : Long.valueOf(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequest("Last-Event-ID", "must be the id of an event this stream sent");
        }
        String client = caller.getPrincipal().getName();
        seats.take(client);
        return stream.follow(resumeAfter).onTermination().invoke(() -> seats.release(client))
                .map(change -> sse.newEventBuilder()
                .id(Long.toString(change.id()))
                .name(change.type())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(change.payload())
                .build());
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/{id}")
    @Operation(summary = "One alert with its drivers and recommended action")
    public Uni<AlertView> get(@PathParam("id") UUID id) {
        return alerts.get(id);
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.WILDCARD) // the body (note) is optional
    @Operation(summary = "Acknowledge an alert; repeating it changes nothing, a resolved alert answers 409")
    public Uni<AlertView> acknowledge(@PathParam("id") UUID id, String body) {
        StepRequest step = step(body);
        return alerts.acknowledge(id, actor(), step.note());
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.WILDCARD) // the body (note) is optional
    @Operation(summary = "Resolve an alert; repeating it changes nothing")
    public Uni<AlertView> resolve(@PathParam("id") UUID id, String body) {
        StepRequest step = step(body);
        return alerts.resolve(id, actor(), step.note());
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/take")
    @Operation(summary = "Take the alert on: its assignee becomes the caller (from whoever had it); a resolved alert "
            + "answers 409")
    public Uni<AlertView> take(@PathParam("id") UUID id) {
        return alerts.take(id, actor());
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/release")
    @Operation(summary = "Give the alert back to the team: nobody has it")
    public Uni<AlertView> release(@PathParam("id") UUID id) {
        return alerts.release(id, actor());
    }

    /** Who acts: the token's subject (upn, preferred_username or sub), cut to what the history stores. */
    private String actor() {
        String name = caller.getPrincipal().getName();
        return name.length() > TextLimits.ACTOR ? name.substring(0, TextLimits.ACTOR) : name;
    }

    /** The optional JSON body of a step; any content type, or none, is accepted. */
    private StepRequest step(String body) {
        if (body == null || body.isBlank()) {
            return new StepRequest(null, null);
        }
        StepRequest step;
        try {
            step = json.readValue(body, StepRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRequest("$", "must be {\"note\": ...}: " + e.getOriginalMessage());
        }
        if (step == null) {
            return new StepRequest(null, null);
        }
        new TextLimits().absent("actor", step.actor(), ACTOR_FROM_TOKEN).text("note", step.note(), TextLimits.TEXT)
                .check();
        return step;
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/snooze")
    @Operation(summary = "Snooze an alert until a time, with a reason: updates are stored but not notified")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "snooze",
            value = "{\"until\":\"2026-11-23T09:00:00Z\",\"reason\":\"waiting for billing\"}")))
    public Uni<AlertView> snooze(@PathParam("id") UUID id, SnoozeRequest request) {
        if (request == null) {
            throw new InvalidRequest("until", "is required (ISO-8601 instant in the future)");
        }
        new TextLimits().require("until", request.until(), "is required (ISO-8601 instant in the future)")
                .text("reason", request.reason(), TextLimits.TEXT).absent("actor", request.actor(), ACTOR_FROM_TOKEN)
                .check();
        return alerts.snooze(id, request.until(), request.reason(), actor());
    }

    @RolesAllowed({Roles.OPERATOR})
    @POST
    @Path("/{id}/outcome")
    @Operation(summary = "Record what was done and whether the alert was useful (true) or a false alarm (false)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "useful",
            value = "{\"actionTaken\":\"called back, refunded the fee\",\"useful\":true}")))
    public Uni<dev.earlywarning.alerts.persistence.AlertOutcome> outcome(@PathParam("id") UUID id,
                                                                         OutcomeRequest request) {
        if (request == null) {
            throw new InvalidRequest("actionTaken", "is required");
        }
        new TextLimits().require("actionTaken", request.actionTaken(), "is required")
                .require("useful", request.useful(), "is required: true for a useful alert, false for a false alarm")
                .text("actionTaken", request.actionTaken(), TextLimits.TEXT)
                .absent("actor", request.actor(), ACTOR_FROM_TOKEN).check();
        return alerts.recordOutcome(id, request.actionTaken(), request.useful(), actor());
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/{id}/transitions")
    @Operation(summary = "The history of an alert: who did what, when and why")
    public Uni<List<TransitionView>> transitions(@PathParam("id") UUID id) {
        return alerts.transitionsOf(id).map(list -> list.stream()
                .map(t -> new TransitionView(t.action(), t.fromStatus(), t.toStatus(), t.actor(), t.note(), t.at())).toList());
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/outcomes")
    @Operation(summary = "Recorded outcomes, newest first; filter useful=true|false to judge the scoring")
    public Uni<List<dev.earlywarning.alerts.persistence.AlertOutcome>> outcomes(
            @QueryParam("useful") Boolean useful, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        return alerts.outcomes(useful, Math.max(page, 0), Math.min(Math.max(size, 1), 500));
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "Webhook deliveries of an alert with their outcome")
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") UUID id) {
        return alerts.deliveriesOf(id).map(list -> list.stream().map(DeliveryView::of).toList());
    }
}
