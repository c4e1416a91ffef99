package dev.earlywarning.commons.security;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token once and remembers it until it expires: a producer posting one event per
 * request sends the same token thousands of times a second, and its signature check and parsing
 * were two thirds of the intake's CPU per request (ingest benchmark, docs/benchmarks.md). Keyed by
 * the whole token, signature included, so only a token that verified is ever found; expiry is
 * checked again on every use.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    /** Distinct tokens remembered at once; beyond it the memory starts over (a flood of new tokens). */
    static final int MAX = 10_000;

    private final JWTCallerPrincipalFactory verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

    public VerifiedTokens() {
        this(new DefaultJWTCallerPrincipalFactory(), Clock.systemUTC());
    }

    VerifiedTokens(JWTCallerPrincipalFactory verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JWTCallerPrincipal known = verified.get(token);
        if (known != null) {
            if (current(known, context)) {
                return known;
            }
            verified.remove(token);
        }
        JWTCallerPrincipal principal = verifier.parse(token, context);
        if (verified.size() >= MAX) {
            verified.clear();
        }
        verified.put(token, principal);
        return principal;
    }

    /** Not expired, with the grace period the verifier allows. */
    private boolean current(JWTCallerPrincipal principal, JWTAuthContextInfo context) {
        long now = clock.instant().getEpochSecond();
        return principal.getExpirationTime() > now - Math.max(context.getExpGracePeriodSecs(), context.getClockSkew());
    }
}
