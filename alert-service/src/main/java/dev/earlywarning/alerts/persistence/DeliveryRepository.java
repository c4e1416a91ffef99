package dev.earlywarning.alerts.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<DeliveryEntity, UUID> {

    public Uni<List<DeliveryEntity>> ofAlert(UUID alertId) {
        return list("alertId", Sort.ascending("createdAt"), alertId);
    }
}
