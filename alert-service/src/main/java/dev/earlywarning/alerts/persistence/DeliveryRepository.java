package dev.earlywarning.alerts.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<DeliveryEntity, UUID> {

    /** Every delivery that carries the alert, alone or grouped with others. */
    public Uni<List<DeliveryEntity>> ofAlert(UUID alertId) {
        return list("id in (select m.deliveryId from DeliveryAlert m where m.alertId = ?1)",
                Sort.ascending("createdAt"), alertId);
    }

    /** A subscription's delivery still collecting changes (in its grouping window, never attempted), locked. */
    public Uni<DeliveryEntity> collecting(UUID subscriptionId, java.time.Instant now) {
        return find("subscriptionId = ?1 and status = ?2 and attempts = 0 and nextAttemptAt > ?3",
                subscriptionId, DeliveryEntity.PENDING, now)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
