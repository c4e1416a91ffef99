package dev.earlywarning.scorer.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.persistence.CustomerHealth;
import dev.earlywarning.scorer.persistence.HealthHistory;
import dev.earlywarning.scorer.persistence.StateStore;
import io.smallrye.mutiny.Uni;

/** What the REST API reads: stored health, history and the customers at risk. */
@ApplicationScoped
public class HealthQueries {

    private final StateStore store;

    public HealthQueries(StateStore store) {
        this.store = store;
    }

    public Uni<CustomerHealth> current(String customerId) {
        return store.current(customerId);
    }

    public Uni<List<HealthHistory>> history(String customerId, int limit) {
        return store.history(customerId, limit);
    }

    public Uni<List<CustomerHealth>> inBands(List<Band> bands, String segment, int page, int size) {
        return store.inBands(bands, segment, page, size);
    }
}
