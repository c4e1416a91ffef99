package dev.earlywarning.commons.security;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start without a way to verify tokens: a service that cannot check them would answer
 * 401 to everyone, which looks like an outage rather than a missing setting.
 */
@jakarta.inject.Singleton
public class AuthSettingsCheck {

    void check(@Observes StartupEvent start,
               @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
               @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
               @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location) {
        if (issuer.isEmpty()) {
            throw new IllegalStateException("MP_JWT_VERIFY_ISSUER is not set: the issuer (iss) of the tokens this "
                    + "service accepts, e.g. https://keycloak.example.com/realms/ops");
        }
        if (publicKey.isEmpty() && location.isEmpty()) {
            throw new IllegalStateException("Neither MP_JWT_VERIFY_PUBLICKEY_LOCATION (the issuer's JWKS URL or a "
                    + "PEM file) nor MP_JWT_VERIFY_PUBLICKEY (a PEM or JWK) is set: tokens could not be verified");
        }
    }
}
