package dev.earlywarning.alerts.rest;

import java.net.URL;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.AuthorizationMatrix;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may call what (README, "Security"): every operation of the OpenAPI document × every role ×
 * no token × an expired token × another issuer's token. A new endpoint fails here until it has a
 * rule.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final Set<String> READERS = Set.of("viewer", "operator", "admin");

    /** The specification: per operation, the roles that may call it; every other role gets 403. */
    static final Map<String, Set<String>> RULES = Map.ofEntries(
            Map.entry("GET /alerts", READERS),
            Map.entry("GET /alerts/accuracy", READERS),
            Map.entry("GET /alerts/counts", READERS),
            Map.entry("POST /alerts/{id}/take", Set.of("operator")),
            Map.entry("POST /alerts/{id}/release", Set.of("operator")),
            Map.entry("GET /subscriptions/{id}/deliveries", Set.of("admin")),
            Map.entry("GET /console/config", AuthorizationMatrix.ANYONE),
            Map.entry("GET /alerts/stream", READERS),
            Map.entry("GET /alerts/outcomes", READERS),
            Map.entry("GET /alerts/{id}", READERS),
            Map.entry("GET /alerts/{id}/transitions", READERS),
            Map.entry("GET /alerts/{id}/deliveries", READERS),
            Map.entry("POST /alerts/{id}/acknowledge", Set.of("operator")),
            Map.entry("POST /alerts/{id}/resolve", Set.of("operator")),
            Map.entry("POST /alerts/{id}/snooze", Set.of("operator")),
            Map.entry("POST /alerts/{id}/outcome", Set.of("operator")),
            Map.entry("POST /deliveries/{id}/replay", Set.of("admin")),
            Map.entry("GET /audit", Set.of("admin")),
            Map.entry("POST /subscriptions", Set.of("admin")),
            Map.entry("GET /subscriptions", Set.of("admin")),
            Map.entry("POST /subscriptions/{id}/pause", Set.of("admin")),
            Map.entry("POST /subscriptions/{id}/resume", Set.of("admin")),
            Map.entry("POST /subscriptions/{id}/rotate-secret", Set.of("admin")),
            Map.entry("DELETE /subscriptions/{id}", Set.of("admin")));

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyOperationAnswersEveryCallerAsSpecified() throws Exception {
        AuthorizationMatrix.assertEnforced(base.toString(), RULES);
    }
}
