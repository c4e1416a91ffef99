package dev.earlywarning.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** The services' stores in a form two runs can be compared by. */
public final class Stores {

    private Stores() {
    }

    /**
     * Per customer: score, band, confidence, a digest of the stored snapshot (the whole state the
     * scorer reloads: every event it counted, its timers) and the causes of its history rows in
     * order. Since snapshots (V4) the JSON state column is NULL, so the snapshot is what is compared:
     * an event applied twice or lost changes it, and a doubled history row shows by its cause.
     * Closes the connection.
     */
    public static Map<String, String> scorerSummary(Connection connection) throws SQLException {
        Map<String, String> summary = new TreeMap<>();
        try (Connection c = connection;
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT h.customer_id, h.score, h.band, h.confidence, md5(h.snapshot),
                            (SELECT string_agg(x.cause, ',' ORDER BY x.assessed_at, x.cause) FROM health_history x
                              WHERE x.customer_id = h.customer_id)
                     FROM customer_health h""")) {
            while (rs.next()) {
                String digest = rs.getString(5);
                if (digest == null) {
                    throw new AssertionError("customer " + rs.getString(1) + " has no stored snapshot");
                }
                summary.put(rs.getString(1), rs.getInt(2) + "/" + rs.getString(3) + "/" + rs.getDouble(4) + "/"
                        + digest + "/" + rs.getString(6));
            }
        }
        return summary;
    }
}
