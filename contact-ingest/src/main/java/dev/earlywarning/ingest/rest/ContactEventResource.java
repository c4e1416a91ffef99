package dev.earlywarning.ingest.rest;

import jakarta.annotation.security.RolesAllowed;
import dev.earlywarning.commons.security.Roles;
import dev.earlywarning.commons.problem.Problem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.commons.problem.FieldError;
import dev.earlywarning.ingest.event.CloudEvents;
import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.event.ContactEventJson;
import dev.earlywarning.ingest.service.IngestConfig;
import dev.earlywarning.ingest.service.IngestService;
import dev.earlywarning.ingest.service.InvalidEventException;
import dev.earlywarning.ingest.service.ProducerQuota;
import io.quarkus.security.ForbiddenException;

/** Contact events over HTTP: one or a batch, as plain JSON or as CloudEvents 1.0. */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class ContactEventResource {

    static final String EXAMPLE_EVENT = """
            {"eventId":"evt-42","customerId":"C-2001","occurredAt":"2026-11-22T10:15:00Z","segment":"retail",
             "sourceSystem":"crm","type":"contact","channel":"phone","direction":"inbound","journey":"complaint",
             "caseRef":"CASE-9","outcome":"unresolved","sentiment":"negative","effortScore":6}""";
    static final String EXAMPLE_CLOUD_EVENT = """
            {"specversion":"1.0","id":"evt-43","source":"crm","type":"dev.earlywarning.contact.v1",
             "subject":"C-2001","time":"2026-11-22T10:20:00Z","datacontenttype":"application/json",
             "data":{"type":"survey","nps":3,"segment":"retail"}}""";

    private final IngestService service;
    private final ObjectMapper mapper;
    private final ContactEventJson json;
    private final IngestConfig config;
    private final JsonWebToken token;
    private final ProducerQuota quota;

    public ContactEventResource(IngestService service, ObjectMapper mapper, IngestConfig config, JsonWebToken token,
                                ProducerQuota quota) {
        this.service = service;
        this.quota = quota;
        this.token = token;
        this.mapper = mapper;
        this.json = new ContactEventJson(mapper);
        this.config = config;
    }

    @RolesAllowed({Roles.EVENT_WRITER})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept one contact event",
            description = "Answers 202 only after Kafka acknowledged the event (acks=all); 200 with status DUPLICATE "
                    + "for an event id accepted within the de-duplication window. CloudEvents binary mode: ce-id, "
                    + "ce-time, ce-source and ce-subject headers fill eventId, occurredAt, sourceSystem, customerId.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "negative call", value = EXAMPLE_EVENT)))
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka")
    @APIResponse(responseCode = "200", description = "A duplicate of an event already accepted; not stored again")
    @APIResponse(responseCode = "400", description = "Invalid event; problem details name each bad field")
    @APIResponse(responseCode = "413", description = "Request body too large")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing was accepted, retry after Retry-After")
    public CompletionStage<Response> post(JsonNode body, HttpHeaders headers) {
        JsonNode event = body;
        if (body instanceof ObjectNode object && headers.getHeaderString("ce-specversion") != null) {
            Map<String, String> ce = new HashMap<>();
            headers.getRequestHeaders().forEach((name, values) -> ce.put(name.toLowerCase(), values.get(0)));
            event = CloudEvents.withBinaryHeaders(object, ce);
        }
        return single(json.read(event, ""));
    }

    @RolesAllowed({Roles.EVENT_WRITER})
    @POST
    @Consumes(CloudEvents.STRUCTURED)
    @Operation(summary = "Accept one contact event as a structured CloudEvent 1.0",
            description = "The contact event is the data; id, time, source and subject fill eventId, occurredAt, "
                    + "sourceSystem and customerId where the data leaves them out.")
    @RequestBody(content = @Content(mediaType = CloudEvents.STRUCTURED,
            examples = @ExampleObject(name = "NPS answer", value = EXAMPLE_CLOUD_EVENT)))
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka")
    @APIResponse(responseCode = "400", description = "Invalid envelope or event; problem details name each field")
    public CompletionStage<Response> postCloudEvent(JsonNode body) {
        CloudEvents.Unwrapped unwrapped = CloudEvents.unwrap(body);
        if (!unwrapped.errors().isEmpty()) {
            return CompletableFuture.completedFuture(ProblemMappers.invalid(unwrapped.errors()));
        }
        return single(json.read(unwrapped.event(), "data."));
    }

    @RolesAllowed({Roles.EVENT_WRITER})
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept a batch of contact events with a result per event",
            description = "A JSON array of up to ingest.max-batch-size (1000) events. Every event gets its own "
                    + "result: ACCEPTED, DUPLICATE, REJECTED (with errors) or UNAVAILABLE. 200 when no event was "
                    + "UNAVAILABLE, else 503 with Retry-After and the same results: re-send the batch, accepted "
                    + "events come back as DUPLICATE.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "two events", value = "[" + EXAMPLE_EVENT + ","
                    + "{\"eventId\":\"evt-44\",\"customerId\":\"C-2002\",\"occurredAt\":\"2026-11-22T11:00:00Z\","
                    + "\"type\":\"survey\",\"nps\":9}]")))
    @APIResponse(responseCode = "200", description = "Per-event results; partial acceptance is explicit")
    @APIResponse(responseCode = "400", description = "The body is not a JSON array")
    @APIResponse(responseCode = "413", description = "More events than the batch limit, or the body is too large")
    @APIResponse(responseCode = "503", description = "Some events could not be written; see results")
    public CompletionStage<Response> postBatch(byte[] body) throws IOException {
        // Streamed: each event is bound from the tokens as they come, without a tree of the batch.
        List<ContactEvent> events = new ArrayList<>();
        List<List<FieldError>> errors = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw notAnArray();
            }
            int count = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new JsonParseException(parser, "Unexpected end of input: the batch's array is not closed");
                }
                if (++count > config.maxBatchSize()) {
                    parser.skipChildren();
                    continue; // counted only, for the answer
                }
                ContactEventJson.Read read = json.read(parser, body);
                events.add(read.event());
                errors.add(read.errors());
            }
            if (count > config.maxBatchSize()) {
                throw tooMany(count);
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "Trailing content after the batch's array");
            }
        }
        return batch(events, errors);
    }

    @RolesAllowed({Roles.EVENT_WRITER})
    @POST
    @Path("/batch")
    @Consumes(CloudEvents.BATCH)
    @Operation(summary = "Accept a batch of CloudEvents 1.0 (batched mode) with a result per event")
    @RequestBody(content = @Content(mediaType = CloudEvents.BATCH,
            examples = @ExampleObject(name = "one CloudEvent", value = "[" + EXAMPLE_CLOUD_EVENT + "]")))
    @APIResponse(responseCode = "200", description = "Per-event results; partial acceptance is explicit")
    public CompletionStage<Response> postCloudEventBatch(JsonNode body) {
        List<JsonNode> items = items(body);
        List<ContactEvent> events = new ArrayList<>(items.size());
        List<List<FieldError>> errors = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            CloudEvents.Unwrapped unwrapped = CloudEvents.unwrap(item);
            ContactEventJson.Read read = unwrapped.errors().isEmpty()
                    ? json.read(unwrapped.event(), "data.") : new ContactEventJson.Read(null, unwrapped.errors());
            events.add(read.event());
            errors.add(read.errors());
        }
        return batch(events, errors);
    }

    private CompletionStage<Response> single(ContactEventJson.Read read) {
        String producer = producer();
        quota.take(producer, 1);
        return service.ingest(read.event(), read.errors(), "rest", producer).thenApply(result -> switch (result.status()) {
            case ACCEPTED -> Response.status(202).entity(result).build();
            case DUPLICATE -> Response.ok(result).build();
            case REJECTED -> ProblemMappers.invalid(result.errors());
            case TOO_LARGE -> ProblemMappers.tooLarge(result.errors().get(0).message());
            case UNAVAILABLE -> ProblemMappers.unavailable(result.errors().get(0).message(), config.retryAfter());
        });
    }

    private CompletionStage<Response> batch(List<ContactEvent> events, List<List<FieldError>> errors) {
        String producer = producer();
        quota.take(producer, events.size());
        return service.ingestBatch(events, errors, "rest", producer).thenApply(results -> {
            BatchResponse response = BatchResponse.of(results);
            if (response.unavailable() == 0) {
                return Response.ok(response).build();
            }
            return Response.status(503)
                    .header("Retry-After", Math.max(1, config.retryAfter().toSeconds()))
                    .type(Problem.MEDIA_TYPE)
                    .entity(BatchResponse.Unavailable.of(response))
                    .build();
        });
    }

    /** The source system the caller's token names; a writer token without one may not post. */
    private String producer() {
        Object claim = token.getClaim(config.sourceClaim());
        // Custom claims come as JSON values: a string claim's text is its value, not its JSON form.
        String source = claim instanceof jakarta.json.JsonString text ? text.getString()
                : claim == null ? null : claim.toString();
        if (source == null || source.isBlank()) {
            throw new ForbiddenException("the token names no source system (claim '" + config.sourceClaim() + "')");
        }
        return source;
    }

    private static InvalidEventException notAnArray() {
        return new InvalidEventException(List.of(new FieldError("$", "a batch must be a JSON array of events")));
    }

    private TooLargeException tooMany(int events) {
        return new TooLargeException("The batch has " + events + " events; at most " + config.maxBatchSize()
                + " are accepted per request");
    }

    private List<JsonNode> items(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw notAnArray();
        }
        if (body.size() > config.maxBatchSize()) {
            throw tooMany(body.size());
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return items;
    }
}
