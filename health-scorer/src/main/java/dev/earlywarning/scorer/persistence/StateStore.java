package dev.earlywarning.scorer.persistence;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Persists the scorer's state: changed customers, their history and the consumed offsets in one
 * transaction (Hibernate Reactive stateless session, batched upserts), and reloads a partition's
 * customers and offset on assignment.
 */
@ApplicationScoped
public class StateStore {

    private final Mutiny.SessionFactory sessions;

    public StateStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** One transaction: either all of it is stored, or none. */
    public Uni<Void> save(List<CustomerHealth> customers, List<HealthHistory> history, List<ConsumedOffset> offsets) {
        if (customers.isEmpty() && history.isEmpty() && offsets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sessions.withStatelessTransaction(session -> session.upsertMultiple(customers)
                .chain(() -> history.isEmpty() ? Uni.createFrom().voidItem() : session.insertMultiple(history))
                .chain(() -> offsets.isEmpty() ? Uni.createFrom().voidItem() : session.upsertMultiple(offsets)));
    }

    public Uni<List<CustomerHealth>> customersOf(Collection<Integer> partitions) {
        return sessions.withStatelessSession(session -> session
                .createSelectionQuery("from CustomerHealth where partition in :partitions", CustomerHealth.class)
                .setParameter("partitions", partitions)
                .getResultList());
    }

    /** The next offset to consume per partition, for the partitions that have one. */
    public Uni<Map<Integer, Long>> offsets(String topic, Collection<Integer> partitions) {
        return sessions.withStatelessSession(session -> session
                .createSelectionQuery("from ConsumedOffset where topic = :topic and partition in :partitions",
                        ConsumedOffset.class)
                .setParameter("topic", topic)
                .setParameter("partitions", partitions)
                .getResultList()
                .map(rows -> {
                    Map<Integer, Long> next = new HashMap<>();
                    rows.forEach(row -> next.put(row.partition, row.nextOffset));
                    return next;
                }));
    }
}
