package dev.earlywarning.alerts.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The live stream of alert changes, read from the {@code alert_event} table: every instance sees
 * every change, and a reconnecting console resumes after its last event id without a gap.
 */
@ApplicationScoped
public class AlertStream {

    /** One change: its id (the SSE id), type and JSON body. */
    public record Change(long id, String type, String payload) {
    }

    private static final Duration POLL = Duration.ofMillis(250);
    private static final int PAGE = 200;

    private final Pool pool;

    public AlertStream(Pool pool) {
        this.pool = pool;
    }

    /** Changes after {@code lastEventId}, or from now on when it is null, as they happen. */
    public Multi<Change> follow(Long lastEventId) {
        Uni<Long> start = lastEventId != null ? Uni.createFrom().item(lastEventId)
                : pool.query("SELECT coalesce(max(id), 0) AS last FROM alert_event").execute()
                        .map(rows -> rows.iterator().next().getLong("last"));
        return start.onItem().transformToMulti(first -> {
            AtomicLong cursor = new AtomicLong(first);
            return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL)
                    .onOverflow().drop()
                    .onItem().transformToUniAndConcatenate(tick -> after(cursor.get()))
                    .onItem().transformToIterable(changes -> {
                        if (!changes.isEmpty()) {
                            cursor.set(changes.get(changes.size() - 1).id());
                        }
                        return changes;
                    });
        });
    }

    private Uni<List<Change>> after(long id) {
        return pool.preparedQuery("SELECT id, type, payload FROM alert_event WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(id, PAGE))
                .map(rows -> {
                    List<Change> changes = new ArrayList<>();
                    for (Row row : rows) {
                        changes.add(new Change(row.getLong("id"), row.getString("type"), row.getString("payload")));
                    }
                    return changes;
                });
    }
}
