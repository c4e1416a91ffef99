package dev.earlywarning.commons.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /** A verifier that accepts tokens named "good-<exp seconds>" and counts its work. */
    private static final class CountingVerifier extends JWTCallerPrincipalFactory {
        final AtomicInteger verified = new AtomicInteger();

        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
            verified.incrementAndGet();
            if (!token.startsWith("good-")) {
                throw new ParseException("bad signature");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("ann");
            claims.setExpirationTime(NumericDate.fromSeconds(Long.parseLong(token.substring(5))));
            return new DefaultJWTCallerPrincipal(claims);
        }
    }

    @Test
    void aTokenIsVerifiedOnceWhileItLivesAndRefusedOnceItExpired() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        long exp = NOW.plusSeconds(60).getEpochSecond();
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        VerifiedTokens live = new VerifiedTokens(verifier, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 5; i++) {
            assertThat(live.parse("good-" + exp, context).getName()).isEqualTo("ann");
        }
        assertThat(verifier.verified).hasValue(1);

        // Remembered tokens are checked for expiry on every use: past it, the verifier decides again.
        VerifiedTokens later = new VerifiedTokens(verifier, Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        later.parse("good-" + exp, context);
        later.parse("good-" + exp, context);
        assertThat(verifier.verified).as("an expired entry is never served").hasValue(3);
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokens tokens = new VerifiedTokens(verifier, Clock.fixed(NOW, ZoneOffset.UTC));
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        assertThatThrownBy(() -> tokens.parse("forged", context)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("forged", context)).isInstanceOf(ParseException.class);
        assertThat(verifier.verified).hasValue(2);
    }
}
