package dev.earlywarning.alerts.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AlertTransitionRepository implements PanacheRepository<AlertTransition> {

    public Uni<List<AlertTransition>> ofAlert(UUID alertId) {
        return list("alertId", Sort.ascending("at", "id"), alertId);
    }
}
