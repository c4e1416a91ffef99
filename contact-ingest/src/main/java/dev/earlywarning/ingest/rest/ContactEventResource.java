package dev.earlywarning.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.service.IngestService;
import io.smallrye.mutiny.Uni;

@Path("/events")
public class ContactEventResource {

    private final IngestService service;

    public ContactEventResource(IngestService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept one contact event",
            description = "Answers 202 only after Kafka acknowledged the event (acks=all).")
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka")
    @APIResponse(responseCode = "400", description = "Invalid event; problem details name each bad field")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing was accepted, retry after Retry-After")
    public Uni<Response> post(ContactEvent event) {
        return service.ingest(event).map(result -> Response.accepted(result).build());
    }
}
