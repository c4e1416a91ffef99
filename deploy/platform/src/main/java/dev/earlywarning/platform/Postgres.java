package dev.earlywarning.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server: embedded binaries from Maven Central, or an external server named by
 * the environment ({@code EW_PG_HOST}, {@code EW_PG_PORT}, {@code EW_PG_USER}, {@code EW_PG_PASSWORD}).
 */
public final class Postgres implements AutoCloseable {

    private EmbeddedPostgres embedded;
    /** The data directory of a server that can be stopped and started again; null otherwise. */
    private Path dataDir;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private Postgres(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Uses the external server if {@code EW_PG_HOST} is set, or starts an embedded one. */
    public static Postgres startOrConnect(Map<String, String> env) {
        String externalHost = env.get("EW_PG_HOST");
        if (externalHost != null && !externalHost.isBlank()) {
            return new Postgres(null, externalHost,
                    Integer.parseInt(env.getOrDefault("EW_PG_PORT", "5432")),
                    env.getOrDefault("EW_PG_USER", "postgres"),
                    env.getOrDefault("EW_PG_PASSWORD", ""));
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on");
            if (Boolean.parseBoolean(env.getOrDefault("EW_PG_STATEMENT_STATS", "false"))) {
                // Profiling: per-statement time (pg_stat_statements), for the benchmarks' -Dbench.pgstats.
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            EmbeddedPostgres pg = builder.start();
            return new Postgres(pg, "127.0.0.1", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /**
     * An embedded server of its own whose data survive {@link #stopServer()}: started again by
     * {@link #startServer()} on the same port and data, as a database that fails over or restarts
     * (the fault-injection tests).
     */
    public static Postgres startRestartable(Path dataDir) {
        int port = FreePorts.next();
        Postgres pg = new Postgres(null, "127.0.0.1", port, "postgres", "postgres");
        pg.dataDir = dataDir;
        pg.startServer();
        return pg;
    }

    /** Starts a restartable server (again). */
    public synchronized void startServer() {
        if (dataDir == null) {
            throw new IllegalStateException("Only a restartable server can be started again");
        }
        try {
            embedded = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setPort(port).setServerConfig("max_connections", "200").start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL on " + dataDir, e);
        }
    }

    /** Stops a restartable server, keeping its data: clients see their connections refused. */
    public synchronized void stopServer() {
        if (dataDir == null) {
            throw new IllegalStateException("Only a restartable server can be stopped and started again");
        }
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        embedded = null;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean embedded() {
        return embedded != null;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
