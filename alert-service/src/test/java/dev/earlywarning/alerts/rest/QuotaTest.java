package dev.earlywarning.alerts.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.Auth;
import dev.earlywarning.platform.test.PlatformTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Quotas: a cap on subscriptions and on each client's live streams (README, "Security"). */
@QuarkusTest
@TestProfile(QuotaTest.TightQuotas.class)
class QuotaTest {

    /** Tight limits, on a database of its own so that other tests' subscriptions do not count. */
    public static class TightQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alerts.subscriptions.max", "2", "alerts.stream.max-per-client", "1");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PlatformTestResource.class, Map.of("database", "alert_service_quotas")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @TestHTTPResource("/alerts/stream")
    URL stream;

    @Test
    void subscriptionsAreCapped() {
        for (int i = 0; i < 2; i++) {
            Auth.given().contentType("application/json")
                    .body("{\"name\":\"cap-" + i + "\",\"url\":\"http://127.0.0.1:9/cap\"}")
                    .when().post("/subscriptions").then().statusCode(201);
        }
        Auth.given().contentType("application/json").body("{\"name\":\"one too many\",\"url\":\"http://127.0.0.1:9/cap\"}")
                .when().post("/subscriptions")
                .then().statusCode(409).contentType(containsString("application/problem+json"))
                .body("type", containsString("subscription-limit"));
    }

    @Test
    void eachClientHoldsALimitedNumberOfLiveStreams() throws Exception {
        String vera = Auth.tokens().token("vera", List.of("viewer"), Map.of(), Duration.ofMinutes(5));
        HttpResponse<InputStream> first = open(vera);
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<InputStream> second = open(vera);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("retry-after")).isPresent();
        assertThat(new String(second.body().readAllBytes())).contains("too-many-streams");
        HttpResponse<InputStream> other = open(Auth.tokens().token("walt", List.of("viewer"), Map.of(),
                Duration.ofMinutes(5)));
        assertThat(other.statusCode()).as("another client has seats of its own").isEqualTo(200);
        other.body().close();

        first.body().close(); // the client disconnects: its seat is free again
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            HttpResponse<InputStream> again = open(vera);
            again.body().close();
            return again.statusCode() == 200;
        });
    }

    private HttpResponse<InputStream> open(String token) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(stream.toString())).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
