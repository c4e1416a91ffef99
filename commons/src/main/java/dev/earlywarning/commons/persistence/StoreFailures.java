package dev.earlywarning.commons.persistence;

import io.vertx.pgclient.PgException;

/**
 * Tells a record the database refuses (data) from a database that is unavailable (an outage), by
 * SQLSTATE: class 22 (data exception: a NUL byte, a value too long) and 23 (integrity constraint)
 * are the data's fault and retrying cannot help; anything else (connection loss, failover 57P01,
 * too many connections 53300, deadlock 40P01, a pool that cannot connect) is retried.
 */
public final class StoreFailures {

    public enum Kind { DATA, OUTAGE }

    private StoreFailures() {
    }

    public static Kind classify(Throwable failure) {
        return dataState(sqlState(failure)) ? Kind.DATA : Kind.OUTAGE;
    }

    public static boolean isData(Throwable failure) {
        return classify(failure) == Kind.DATA;
    }

    /** The SQLSTATE of the first database error in the cause chain (PostgreSQL's or JDBC's), or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState();
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Whether a SQLSTATE is the data's fault: class 22 (data exception) or 23 (integrity constraint). */
    public static boolean dataState(String state) {
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
