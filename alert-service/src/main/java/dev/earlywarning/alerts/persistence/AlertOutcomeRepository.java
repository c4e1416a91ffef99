package dev.earlywarning.alerts.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AlertOutcomeRepository implements PanacheRepositoryBase<AlertOutcome, UUID> {

    public Uni<List<AlertOutcome>> search(Boolean useful, int page, int size) {
        return (useful == null ? findAll(Sort.descending("recordedAt"))
                : find("useful", Sort.descending("recordedAt"), useful)).page(Page.of(page, size)).list();
    }
}
