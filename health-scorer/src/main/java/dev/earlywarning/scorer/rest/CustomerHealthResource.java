package dev.earlywarning.scorer.rest;

import jakarta.annotation.security.RolesAllowed;
import dev.earlywarning.commons.security.Roles;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.BadRequestException;
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
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Risk;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.persistence.CustomerHealth;
import dev.earlywarning.scorer.persistence.HealthHistory;
import dev.earlywarning.scorer.persistence.StateStore;
import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.service.HealthQueries;
import dev.earlywarning.scorer.service.ScoringService;
import io.smallrye.mutiny.Uni;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerHealthResource {

    /**
     * A customer's health with the drivers that explain it (100 plus their points is the score), and
     * the churn risk with its factors (the base log-odds plus theirs is the risk's log-odds).
     */
    public record HealthView(String customerId, String segment, int score, Band band, double confidence,
                             String policyVersion, Instant assessedAt, List<Driver> drivers, Risk risk) {
        static HealthView of(CustomerHealth h) {
            HealthAssessment assessment = StateStore.assessment(h.assessment());
            return new HealthView(h.customerId(), h.segment(), h.score(), h.band(), h.confidence(), h.policyVersion(),
                    h.assessedAt(), assessment.drivers(), assessment.risk());
        }
    }

    /**
     * One step of a customer's history: the score, and what changed it (an event id or timer@time),
     * with the event as the scorer read it (null for a timer).
     */
    public record HistoryEntry(String cause, int score, Band band, Instant assessedAt, List<Driver> drivers,
                               Risk risk, ContactFact event) {
        static HistoryEntry of(HealthHistory h) {
            HealthAssessment assessment = StateStore.assessment(h.assessment());
            return new HistoryEntry(h.cause(), h.score(), h.band(), h.assessedAt(), assessment.drivers(),
                    assessment.risk(), h.event());
        }
    }

    private final HealthQueries queries;
    private final ScoringService scoring;

    public CustomerHealthResource(HealthQueries queries, ScoringService scoring) {
        this.queries = queries;
        this.scoring = scoring;
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("customers/{customerId}/health")
    @Operation(summary = "A customer's health now, with its drivers and the events behind them")
    public Uni<HealthView> health(@PathParam("customerId") String customerId) {
        return queries.current(customerId).map(h -> {
            if (h == null) {
                throw new NotFoundException("No health known for customer " + customerId);
            }
            return HealthView.of(h);
        });
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("customers/{customerId}/history")
    @Operation(summary = "How a customer's health moved and what changed it, newest first")
    public Uni<List<HistoryEntry>> history(@PathParam("customerId") String customerId,
                                           @QueryParam("limit") @DefaultValue("50") int limit) {
        return queries.history(customerId, Math.min(Math.max(limit, 1), 500))
                .map(rows -> rows.stream().map(HistoryEntry::of).toList());
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("customers/at-risk")
    @Operation(summary = "Customers at risk or critical (or the bands asked for), least healthy first, paged")
    public Uni<List<HealthView>> atRisk(@QueryParam("band") List<Band> bands, @QueryParam("segment") String segment,
                                        @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw new BadRequestException("page must be 0 or more and size between 1 and 1000");
        }
        List<Band> wanted = bands == null || bands.isEmpty() ? List.of(Band.AT_RISK, Band.CRITICAL) : bands;
        return queries.inBands(wanted, segment, page, size).map(rows -> rows.stream().map(HealthView::of).toList());
    }

    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @GET
    @Path("policy")
    @Operation(summary = "The active scoring policy: version, default and per-segment numbers")
    public PolicyBook policy() {
        return scoring.policies();
    }
}
