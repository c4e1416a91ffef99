package dev.earlywarning.alerts.persistence;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.Auth;
import dev.earlywarning.alerts.Signals;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Signing secrets are sealed at rest, shown once, never logged, and erased when their rotation
 * overlap ends; every change to a subscription or an alert is in the audit trail with its actor.
 */
@QuarkusTest
class SecretsAndAuditTest {

    @Inject
    Pool pool;

    @Inject
    SubscriptionStore store;

    private static String admin(String name) {
        return Auth.tokens().token(name, List.of("admin"), Map.of(), Duration.ofMinutes(10));
    }

    private String column(String column, String id) {
        return pool.preparedQuery("SELECT " + column + " FROM subscription WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(column);
    }

    @Test
    void secretsAreSealedAtRestNeverLoggedAndThePreviousOneIsErasedAfterItsOverlap() throws Exception {
        // Before: the secret was stored in clear, readable by anyone with the database.
        var created = Auth.as(admin("adele")).contentType("application/json")
                .body("{\"name\":\"sealed\",\"url\":\"http://127.0.0.1:9/never\",\"segments\":[\"none-" + UUID.randomUUID()
                        + "\"]}")
                .when().post("/subscriptions").then().statusCode(201).extract();
        String id = created.path("id");
        String secret = created.path("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(column("secret", id)).startsWith("enc:v1:test-1-key-of-a-realistic-length-2026-11-30:").doesNotContain(secret);
        given().when().get("/subscriptions").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.secret", equalTo(null));

        String rotated = Auth.as(admin("adele")).when().post("/subscriptions/{id}/rotate-secret", id)
                .then().statusCode(200).extract().path("secret");
        assertThat(rotated).isNotEqualTo(secret);
        assertThat(column("previous_secret", id)).startsWith("enc:v1:").doesNotContain(secret);
        assertThat(column("secret", id)).doesNotContain(rotated);

        // The overlap ends: the previous secret is gone from the database.
        pool.preparedQuery("UPDATE subscription SET previous_secret_until = now() - interval '1 second' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10));
        store.erasePreviousSecrets(java.time.Instant.now()).await().atMost(Duration.ofSeconds(10));
        assertThat(column("previous_secret", id)).isNull();

        Path log = Path.of("target/alert-service-test.log");
        assertThat(log).exists();
        String logged = Files.readString(log);
        assertThat(logged).doesNotContain(secret).doesNotContain(rotated)
                .doesNotContain(secret.substring("whsec_".length())).doesNotContain(rotated.substring("whsec_".length()));
    }

    @Test
    void aSecretStoredInClearBeforeEncryptionIsSealedAtStartAndStillSigns() {
        String id = UUID.randomUUID().toString();
        pool.preparedQuery("INSERT INTO subscription (id, name, url, secret, filter, active, created_at, paused, "
                        + "group_window_seconds) VALUES ($1, 'legacy', 'http://127.0.0.1:9/x', 'whsec_legacy', "
                        + "'{\"minSeverity\":\"CRITICAL\",\"segments\":[\"none\"],\"causes\":[]}', true, now(), false, 0)")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10));
        assertThat(store.resealAll().await().atMost(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);
        assertThat(column("secret", id)).startsWith("enc:v1:test-1-key-of-a-realistic-length-2026-11-30:").doesNotContain("whsec_legacy");
    }

    @Test
    void theAuditTrailSaysWhoDidWhatToEachSubscriptionAndAlert() {
        String id = Auth.as(admin("adele")).contentType("application/json")
                .body("{\"name\":\"audited\",\"url\":\"http://127.0.0.1:9/audited\",\"segments\":[\"none-" + UUID.randomUUID()
                        + "\"]}")
                .when().post("/subscriptions").then().statusCode(201).extract().path("id");
        Auth.as(admin("bram")).when().post("/subscriptions/{id}/pause", id).then().statusCode(200);
        Auth.as(admin("bram")).when().post("/subscriptions/{id}/resume", id).then().statusCode(200);
        Auth.as(admin("carla")).when().post("/subscriptions/{id}/rotate-secret", id).then().statusCode(200);
        Auth.as(admin("carla")).when().delete("/subscriptions/{id}", id).then().statusCode(204);

        Auth.as(admin("root")).queryParam("targetKind", "subscription").queryParam("targetId", id)
                .when().get("/audit").then().statusCode(200)
                .body("action", contains("delete", "rotate-secret", "resume", "pause", "create"))
                .body("actor", contains("carla", "carla", "bram", "bram", "adele"));

        String customer = "C-" + UUID.randomUUID();
        String alert = Signals.openAlert(customer, "audit");
        String olga = Auth.tokens().token("olga", List.of("operator"), Map.of(), Duration.ofMinutes(10));
        Auth.as(olga).contentType("application/json").body("{\"note\":\"calling\"}")
                .when().post("/alerts/{id}/acknowledge", alert).then().statusCode(200);
        Auth.as(olga).contentType("application/json").body("{\"note\":\"calling\"}")
                .when().post("/alerts/{id}/acknowledge", alert).then().statusCode(200); // no change: not audited
        Auth.as(olga).contentType("application/json").body("{\"actionTaken\":\"called\",\"useful\":true}")
                .when().post("/alerts/{id}/outcome", alert).then().statusCode(200);

        Auth.as(admin("root")).queryParam("targetKind", "alert").queryParam("targetId", alert)
                .when().get("/audit").then().statusCode(200)
                .body("action", contains("outcome", "acknowledge"))
                .body("actor", contains("olga", "olga"))
                .body("[1].detail", equalTo("calling"));
    }
}
