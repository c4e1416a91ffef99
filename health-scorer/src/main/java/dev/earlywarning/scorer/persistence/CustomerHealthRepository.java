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

    public Uni<List<CustomerHealth>> atRisk(int limit) {
        return find("band in ?1", Sort.ascending("score"), List.of(Band.AT_RISK, Band.CRITICAL))
                .page(Page.ofSize(limit)).list();
    }
}
