package dev.earlywarning.platform;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A development token issuer: an RSA key generated at start, and signed JWTs for each role. The
 * local run and the tests use it in place of an OIDC provider; the services verify its tokens
 * exactly as they verify a production issuer's (issuer, audience, signature, expiry).
 */
public final class DevTokens {

    public static final String ISSUER = "https://early-warning.local/dev";
    public static final String AUDIENCE = "early-warning";
    public static final String EVENT_WRITER = "event-writer";
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    public static final List<String> ROLES = List.of(EVENT_WRITER, VIEWER, OPERATOR, ADMIN);
    /** Long enough for a day of local use; production tokens come from the organisation's IdP. */
    private static final Duration LIFETIME = Duration.ofHours(24);

    private final KeyPair keys;
    private final String issuer;

    private DevTokens(KeyPair keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** A new key pair (RSA 2048) issuing as {@link #ISSUER}. */
    public static DevTokens generate() {
        return generate(ISSUER);
    }

    /** A new key pair issuing as {@code issuer}: a stranger's tokens, in tests. */
    public static DevTokens generate(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevTokens(generator.generateKeyPair(), issuer);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The verification key in PEM, as the services' {@code MP_JWT_VERIFY_PUBLICKEY} takes it. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The environment that makes a service trust these tokens. */
    public Map<String, String> serviceEnvironment() {
        return Map.of("MP_JWT_VERIFY_PUBLICKEY", publicKeyPem(), "MP_JWT_VERIFY_ISSUER", issuer);
    }

    /** A token of a person with one role; the subject names them ({@code ann-operator}). */
    public String forRole(String role) {
        return token(role + "-user", List.of(role), Map.of(), LIFETIME);
    }

    /**
     * A person of the operations team who may do everything the console offers (viewer, operator,
     * admin): the local run's console link signs in with it.
     */
    public String staff(String subject) {
        return token(subject, List.of(VIEWER, OPERATOR, ADMIN), Map.of(), LIFETIME);
    }

    /** A producing system's token: role event-writer, bound to its source system. */
    public String producer(String sourceSystem) {
        return token(sourceSystem, List.of(EVENT_WRITER), Map.of("source", sourceSystem), LIFETIME);
    }

    /** A token that expired an hour ago. */
    public String expired(String role) {
        return token(role + "-user", List.of(role), Map.of(), Duration.ofHours(-1));
    }

    /**
     * A signed token. {@code lifetime} negative gives one that has already expired.
     *
     * @param claims further claims (a producer's {@code source})
     */
    public String token(String subject, List<String> roles, Map<String, Object> claims, Duration lifetime) {
        Instant now = Instant.now();
        JwtClaims jwt = new JwtClaims();
        jwt.setIssuer(issuer);
        jwt.setAudience(AUDIENCE);
        jwt.setSubject(subject);
        jwt.setClaim("upn", subject);
        jwt.setStringListClaim("groups", roles);
        jwt.setJwtId(UUID.randomUUID().toString());
        Instant issued = lifetime.isNegative() ? now.plus(lifetime).minus(Duration.ofHours(1)) : now;
        jwt.setIssuedAt(NumericDate.fromSeconds(issued.getEpochSecond()));
        jwt.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.forEach(jwt::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        jws.setKey(keys.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a development token", e);
        }
    }
}
