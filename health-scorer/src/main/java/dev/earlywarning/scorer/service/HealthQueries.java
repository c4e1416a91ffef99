package dev.earlywarning.scorer.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.persistence.CustomerHealth;
import dev.earlywarning.scorer.persistence.CustomerHealthRepository;
import dev.earlywarning.scorer.persistence.HealthHistory;
import dev.earlywarning.scorer.persistence.HealthHistoryRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** What the REST API reads: stored health, history and the customers at risk. */
@ApplicationScoped
public class HealthQueries {

    private final CustomerHealthRepository customers;
    private final HealthHistoryRepository history;

    public HealthQueries(CustomerHealthRepository customers, HealthHistoryRepository history) {
        this.customers = customers;
        this.history = history;
    }

    @WithSession
    public Uni<CustomerHealth> current(String customerId) {
        return customers.findById(customerId);
    }

    @WithSession
    public Uni<List<HealthHistory>> history(String customerId, int limit) {
        return history.latest(customerId, limit);
    }

    @WithSession
    public Uni<List<CustomerHealth>> inBands(List<Band> bands, String segment, int page, int size) {
        return customers.inBands(bands, segment, page, size);
    }
}
