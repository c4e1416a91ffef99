package dev.earlywarning.alerts.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.AlertStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertEntity, UUID> {

    public Uni<List<AlertEntity>> search(AlertStatus status, String customerId, dev.earlywarning.alerts.domain.Severity severity,
                                         String segment, String cause, boolean byRisk, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (severity != null) {
            query.append(" and severity = :severity");
            params.and("severity", severity);
        }
        if (segment != null) {
            query.append(" and segment = :segment");
            params.and("segment", segment);
        }
        if (cause != null) {
            query.append(" and cause = :cause");
            params.and("cause", cause);
        }
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (customerId != null) {
            query.append(" and customerId = :customer");
            params.and("customer", customerId);
        }
        // By risk: the customers most likely to leave first (alerts without a risk last), then newest.
        Sort sort = byRisk ? Sort.by("risk", Sort.Direction.Descending, Sort.NullPrecedence.NULLS_LAST)
                .and("openedAt", Sort.Direction.Descending) : Sort.descending("openedAt");
        return find(query.toString(), sort, params).page(Page.of(page, size)).list();
    }
}
