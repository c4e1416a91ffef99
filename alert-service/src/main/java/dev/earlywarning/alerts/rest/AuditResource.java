package dev.earlywarning.alerts.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.earlywarning.alerts.persistence.AuditEntry;
import dev.earlywarning.alerts.persistence.AuditLog;
import dev.earlywarning.commons.security.Roles;
import io.smallrye.mutiny.Uni;

@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    @Operation(summary = "Who created, changed, paused, rotated or deleted each subscription, and who changed each "
            + "alert or replayed a delivery, newest first; filter by targetKind (subscription, alert, delivery) "
            + "and targetId")
    public Uni<List<AuditEntry>> list(@QueryParam("targetKind") String targetKind,
                                      @QueryParam("targetId") String targetId,
                                      @QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("100") int size) {
        if (targetKind != null && !List.of("subscription", "alert", "delivery").contains(targetKind)) {
            throw new InvalidRequest("targetKind", "must be subscription, alert or delivery");
        }
        return audit.search(targetKind, targetId, Math.max(page, 0), Math.min(Math.max(size, 1), 500));
    }
}
