package dev.earlywarning.alerts.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * Changes after {@code lastEventId}, or from now on when it is null (or no longer stored), as
     * they happen.
     */
    public Multi<Change> follow(Long lastEventId) {
        Uni<Cursor> start = lastEventId == null ? now()
                : pool.preparedQuery("SELECT tx::text AS tx FROM alert_event WHERE id = $1").execute(Tuple.of(lastEventId))
                        .chain(rows -> rows.iterator().hasNext()
                                ? Uni.createFrom().item(new Cursor(rows.iterator().next().getString("tx"), lastEventId))
                                : now());
        return start.onItem().transformToMulti(first -> {
            AtomicReference<Cursor> cursor = new AtomicReference<>(first);
            return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL)
                    .onOverflow().drop()
                    .onItem().transformToUniAndConcatenate(tick -> after(cursor.get()))
                    .onItem().transformToIterable(page -> {
                        if (!page.isEmpty()) {
                            cursor.set(page.get(page.size() - 1).position());
                        }
                        return page.stream().map(Positioned::change).toList();
                    });
        });
    }

    /**
     * Where the stream stands: the writing transaction and the id of the last change sent. Ids
     * alone would not do: a transaction that took its ids earlier may commit later, and a reader
     * that had moved past them would never see its changes.
     */
    private record Cursor(String tx, long id) {
    }

    private record Positioned(Cursor position, Change change) {
    }

    /** Just before the oldest transaction still running: what it and later ones write is still to come. */
    private Uni<Cursor> now() {
        return pool.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx").execute()
                .map(rows -> new Cursor(rows.iterator().next().getString("tx"), 0));
    }

    /**
     * The next changes in (transaction, id) order, only of transactions older than every one still
     * running, so nothing can later appear before what has been read.
     */
    private Uni<List<Positioned>> after(Cursor cursor) {
        return pool.preparedQuery("""
                        SELECT id, tx::text AS tx, type, payload FROM alert_event
                        WHERE (tx, id) > ($1::text::xid8, $2) AND tx < pg_snapshot_xmin(pg_current_snapshot())
                        ORDER BY tx, id LIMIT $3""")
                .execute(Tuple.of(cursor.tx(), cursor.id(), PAGE))
                .map(rows -> {
                    List<Positioned> changes = new ArrayList<>();
                    for (Row row : rows) {
                        long id = row.getLong("id");
                        changes.add(new Positioned(new Cursor(row.getString("tx"), id),
                                new Change(id, row.getString("type"), row.getString("payload"))));
                    }
                    return changes;
                });
    }
}
