package dev.earlywarning.platform.test;

import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.Postgres;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test application at the JVM's shared real Kafka broker and PostgreSQL. The
 * platform starts once per test JVM and stops when it exits; {@code stop()} leaves it running for
 * the next test class.
 *
 * <p>The application trusts the platform's development token issuer; {@link Auth} gives tests its
 * tokens.
 *
 * <p>Init arg {@code database}: the database to create and configure, if the service has one.
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        Platform platform = Platform.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", platform.bootstrapServers());
        // Security stays on in tests: the services trust the platform's development issuer (Auth).
        config.putAll(Auth.serviceConfig());
        if (database != null) {
            Postgres pg = platform.postgres();
            pg.createDatabase(database);
            config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
            config.put("quarkus.datasource.username", pg.user());
            config.put("quarkus.datasource.password", pg.password());
        }
        return config;
    }

    @Override
    public void stop() {
        // The platform outlives a single application start; the JVM's shutdown hook stops it.
    }
}
