package dev.earlywarning.ingest.rest;

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

    /** The specification: per operation, the roles that may call it; every other role gets 403. */
    static final Map<String, Set<String>> RULES = Map.ofEntries(
            Map.entry("POST /events", Set.of("event-writer")),
            Map.entry("POST /events/batch", Set.of("event-writer")),
            Map.entry("POST /customers/{customerId}/erasure", Set.of("admin")));

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyOperationAnswersEveryCallerAsSpecified() throws Exception {
        AuthorizationMatrix.assertEnforced(base.toString(), RULES);
    }
}
