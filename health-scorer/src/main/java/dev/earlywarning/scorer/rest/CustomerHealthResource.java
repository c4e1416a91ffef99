package dev.earlywarning.scorer.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.persistence.CustomerHealth;
import dev.earlywarning.scorer.persistence.HealthHistory;
import dev.earlywarning.scorer.service.ScoringService;
import io.smallrye.mutiny.Uni;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerHealthResource {

    /** A customer's health now, with the drivers that explain it. */
    public record HealthView(String customerId, String segment, int score, Band band, double confidence,
                             String policyVersion, Instant assessedAt, List<Driver> drivers) {
        static HealthView of(CustomerHealth h) {
            return new HealthView(h.customerId, h.segment, h.score, h.band, h.confidence, h.policyVersion,
                    h.assessedAt, h.assessment.drivers());
        }
    }

    /** One step of a customer's history. */
    public record HistoryEntry(String eventId, int score, Band band, Instant assessedAt, List<Driver> drivers) {
        static HistoryEntry of(HealthHistory h) {
            return new HistoryEntry(h.eventId, h.score, h.band, h.assessedAt, h.assessment.drivers());
        }
    }

    private final ScoringService scoring;

    public CustomerHealthResource(ScoringService scoring) {
        this.scoring = scoring;
    }

    @GET
    @Path("/{customerId}/health")
    @Operation(summary = "A customer's health now, with its drivers")
    public Uni<HealthView> health(@PathParam("customerId") String customerId) {
        return scoring.current(customerId).map(h -> {
            if (h == null) {
                throw new NotFoundException("No health known for customer " + customerId);
            }
            return HealthView.of(h);
        });
    }

    @GET
    @Path("/{customerId}/history")
    @Operation(summary = "How a customer's health moved, newest first")
    public Uni<List<HistoryEntry>> history(@PathParam("customerId") String customerId,
                                           @QueryParam("limit") @DefaultValue("50") int limit) {
        return scoring.history(customerId, Math.min(Math.max(limit, 1), 500))
                .map(rows -> rows.stream().map(HistoryEntry::of).toList());
    }

    @GET
    @Path("/at-risk")
    @Operation(summary = "Customers at risk or critical, least healthy first")
    public Uni<List<HealthView>> atRisk(@QueryParam("limit") @DefaultValue("100") int limit) {
        return scoring.atRisk(Math.min(Math.max(limit, 1), 1000))
                .map(rows -> rows.stream().map(HealthView::of).toList());
    }
}
