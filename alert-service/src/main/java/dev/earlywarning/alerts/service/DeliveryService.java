package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.IllegalTransitionException;
import dev.earlywarning.alerts.persistence.Delivery;
import dev.earlywarning.alerts.delivery.DeliveryQueue;
import io.smallrye.mutiny.Uni;

/** Operations on deliveries: replaying the ones whose attempts were exhausted. */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryQueue deliveries;
    private final Clock clock;

    public DeliveryService(DeliveryQueue deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Makes a failed delivery due again, with fresh attempts; only a failed delivery can be. */
    public Uni<Delivery> replay(UUID id) {
        return deliveries.replay(id, clock.instant()).map(replay -> {
            if (replay == null) {
                throw new NotFoundProblem("No delivery " + id);
            }
            if (!replay.replayed()) {
                throw new IllegalTransitionException("Only a failed delivery can be replayed; this one is "
                        + replay.delivery().status());
            }
            return replay.delivery();
        });
    }
}
