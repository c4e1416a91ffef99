package dev.earlywarning.alerts.persistence;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.commons.persistence.RecordTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The one way into {@code audit_entry}: appended with each change, read by admins. */
@ApplicationScoped
public class AuditLog {

    private final Pool pool;
    private final RecordTable<AuditEntry> entries;

    public AuditLog(Pool pool, AlertTables tables) {
        this.pool = pool;
        this.entries = tables.audit;
    }

    /** Appends an entry; with {@code client} a transaction's connection, so it commits with the change. */
    public Uni<Void> append(SqlClient client, AuditEntry entry) {
        return client.preparedQuery(entries.insert(null)).execute(entries.arrays(List.of(entry))).replaceWithVoid();
    }

    public Uni<Void> append(AuditEntry entry) {
        return append(pool, entry);
    }

    /** Newest first, optionally of one kind of target or one target. */
    public Uni<List<AuditEntry>> search(String targetKind, String targetId, int page, int size) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("WHERE true");
        if (targetKind != null) {
            params.add(targetKind);
            where.append(" AND target_kind = $").append(params.size());
        }
        if (targetId != null) {
            params.add(targetId);
            where.append(" AND target_id = $").append(params.size());
        }
        params.add(size);
        params.add((long) page * size);
        String sql = entries.select(where + " ORDER BY id DESC LIMIT $" + (params.size() - 1) + " OFFSET $"
                + params.size());
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<AuditEntry> list = new ArrayList<>();
            for (Row row : rows) {
                list.add(entries.read(row));
            }
            return list;
        });
    }
}
