package dev.earlywarning.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.Auth;
import dev.earlywarning.platform.test.AuthorizationMatrix;
import dev.earlywarning.platform.test.Management;
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
            Map.entry("POST /events/batch", Set.of("event-writer")));

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyOperationAnswersEveryCallerAsSpecified() throws Exception {
        AuthorizationMatrix matrix = new AuthorizationMatrix(base.toString(),
                "http://localhost:" + Management.port() + "/q/openapi?format=json", RULES, Auth.tokens());
        assertThat(matrix.size()).as("operations in the OpenAPI document").isEqualTo(RULES.size());
        assertThat(matrix.violations()).isEmpty();
    }
}
