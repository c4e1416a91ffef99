package dev.earlywarning.scorer.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.scorer.domain.Band;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CustomerHealthRepository implements PanacheRepositoryBase<CustomerHealth, String> {

    /** Customers in the given bands (and segment, if given), least healthy first. */
    public Uni<List<CustomerHealth>> inBands(List<Band> bands, String segment, int page, int size) {
        String query = segment == null ? "band in :bands" : "band in :bands and segment = :segment";
        io.quarkus.panache.common.Parameters params = io.quarkus.panache.common.Parameters.with("bands", bands);
        if (segment != null) {
            params.and("segment", segment);
        }
        return find(query, Sort.ascending("score", "customerId"), params).page(Page.of(page, size)).list();
    }
}
