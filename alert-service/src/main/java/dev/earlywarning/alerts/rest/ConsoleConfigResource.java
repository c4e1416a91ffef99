package dev.earlywarning.alerts.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.earlywarning.alerts.service.AlertsConfig;

/**
 * What the operations console needs before anyone signs in: where health-scorer is and how to sign
 * in. Public by design: it holds addresses and a public client id, never a secret.
 */
@Path("/console/config")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleConfigResource {

    /** How the console signs in with OIDC (authorization code with PKCE); null: paste a bearer token. */
    public record Oidc(String authorizationUrl, String tokenUrl, String clientId, String scope) {
    }

    /** The console's settings. */
    public record ConsoleConfig(String scorerUrl, Oidc oidc) {
    }

    private final ConsoleConfig config;

    public ConsoleConfigResource(AlertsConfig alerts) {
        AlertsConfig.Console console = alerts.console();
        Oidc oidc = console.oidcAuthorizationUrl().isPresent() && console.oidcTokenUrl().isPresent()
                ? new Oidc(console.oidcAuthorizationUrl().get(), console.oidcTokenUrl().get(), console.oidcClientId(),
                console.oidcScope())
                : null;
        this.config = new ConsoleConfig(alerts.linkedScorerUrl(), oidc);
    }

    @PermitAll
    @GET
    @Operation(summary = "The operations console's settings: health-scorer's address and the sign-in provider "
            + "(no token needed)")
    public ConsoleConfig config() {
        return config;
    }
}
