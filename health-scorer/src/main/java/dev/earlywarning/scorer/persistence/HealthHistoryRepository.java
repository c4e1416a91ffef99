package dev.earlywarning.scorer.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class HealthHistoryRepository implements PanacheRepository<HealthHistory> {

    public Uni<List<HealthHistory>> latest(String customerId, int limit) {
        return find("customerId", Sort.descending("assessedAt", "id"), customerId).page(Page.ofSize(limit)).list();
    }
}
