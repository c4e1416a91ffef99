package dev.earlywarning.platform.test;

import java.util.List;
import java.util.Map;

import dev.earlywarning.platform.DevTokens;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Real bearer tokens for tests, signed by this test JVM's development issuer, which every test
 * application trusts ({@link PlatformTestResource}, {@link #serviceConfig()}). Tests about what a service does use
 * {@link #given()}; tests about who may do it ({@code AuthorizationMatrixTest}) pick the token.
 */
public final class Auth {

    /** Subject of {@link #given()}'s token: what the alert history records as the actor. */
    public static final String STAFF = "test-staff";

    private static final DevTokens TOKENS = DevTokens.generate();

    private Auth() {
    }

    public static DevTokens tokens() {
        return TOKENS;
    }

    /** The configuration that makes a test application trust {@link #tokens()}. */
    public static Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey", TOKENS.publicKeyPem(), "mp.jwt.verify.issuer", TOKENS.issuer());
    }

    /**
     * A request of a member of staff with every role but event-writer (viewer, operator, admin):
     * for tests of behaviour, not of permissions.
     */
    public static RequestSpecification given() {
        return as(staffToken());
    }

    /** A request of a producing system (event-writer) bound to {@code sourceSystem}. */
    public static RequestSpecification producer(String sourceSystem) {
        return as(tokens().producer(sourceSystem));
    }

    /** A request of a person with exactly one role. */
    public static RequestSpecification role(String role) {
        return as(tokens().forRole(role));
    }

    /** A request carrying {@code token} as its bearer token. */
    public static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    public static String staffToken() {
        return tokens().token(STAFF, List.of(DevTokens.VIEWER, DevTokens.OPERATOR, DevTokens.ADMIN), Map.of(),
                java.time.Duration.ofHours(1));
    }
}
