package dev.earlywarning.alerts.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.Contracts;
import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/** A console that disconnects and resumes with Last-Event-ID misses nothing. */
@QuarkusTest
class AlertStreamTest {

    @TestHTTPResource("/alerts/stream")
    URL stream;

    private record Event(String id, String type, String data) {
    }

    private static void raise(String customer) {
        TopicReader.write("churn-risk-signals", customer, """
                {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","customerId":"%s","segment":"stream-test",
                 "cause":"silence","severity":"WARNING","scoreAfter":50,"bandAfter":"AT_RISK","drivers":[],
                 "recommendedAction":"Reach out","occurredAt":"2026-06-01T10:00:00Z"}
                """.formatted(UUID.randomUUID(), customer));
    }

    /** Reads events until {@code count} matching ones arrived, then disconnects. */
    private List<Event> read(String lastEventId, int count, String marker) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + dev.earlywarning.platform.test.Auth.tokens().forRole("viewer"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Event> events = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            Iterator<String> lines = response.body().iterator();
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            while (events.size() < count && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && id != null) {
                    if (data.toString().contains(marker)) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                }
            }
        });
        reading.get(30, TimeUnit.SECONDS);
        response.body().close();
        return events;
    }

    @Test
    void aReconnectingConsoleResumesAfterItsLastEventWithoutAGap() throws Exception {
        String marker = "stream-" + UUID.randomUUID();
        CompletableFuture<List<Event>> firstSession = CompletableFuture.supplyAsync(() -> {
            try {
                return read(null, 2, marker);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000); // the console is connected before the changes happen
        raise(marker + "-a");
        raise(marker + "-b");
        List<Event> first = firstSession.get(40, TimeUnit.SECONDS);
        assertThat(first).extracting(Event::type).containsOnly("alert.opened");
        // Each event's data is an alert message of the published contract.
        first.forEach(event -> Contracts.assertConforms(Contracts.ALERT_MESSAGE, event.data()));

        // While disconnected, three more changes happen.
        raise(marker + "-c");
        raise(marker + "-d");
        raise(marker + "-e");
        await().atMost(Duration.ofSeconds(20)).until(() -> dev.earlywarning.platform.test.Auth.given()
                .queryParam("customerId", marker + "-e").when().get("/alerts").then().extract()
                .<List<?>>path("$").size() == 1);

        List<Event> resumed = read(first.get(1).id(), 3, marker);

        // Different customers' signals are applied concurrently: the stream has no order among them.
        assertThat(resumed).extracting(e -> e.data().replaceAll(".*\"customerId\":\"(" + marker + "-.)\".*", "$1"))
                .containsExactlyInAnyOrder(marker + "-c", marker + "-d", marker + "-e");
        assertThat(resumed).extracting(Event::id).doesNotContainAnyElementsOf(first.stream().map(Event::id).toList());
    }

    @Inject
    Pool pool;

    /**
     * A transaction that took a smaller id but commits after a later one: a reader that had moved on
     * by ids alone would never see its change.
     */
    @Test
    void aChangeCommittedLateWithASmallerIdIsNotSkipped() throws Exception {
        String marker = "late-" + UUID.randomUUID();
        raise(marker + "-x");
        await().atMost(Duration.ofSeconds(20)).until(() -> dev.earlywarning.platform.test.Auth.given()
                .queryParam("customerId", marker + "-x").when().get("/alerts").then().extract()
                .<List<?>>path("$").size() == 1);
        String alertId = dev.earlywarning.platform.test.Auth.given().queryParam("customerId", marker + "-x")
                .when().get("/alerts").then().extract().path("[0].id");
        CompletableFuture<List<Event>> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return read(null, 2, marker + "-change");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000); // connected
        long earlier = pool.query("SELECT nextval('alert_event_seq') AS id").execute().await().indefinitely()
                .iterator().next().getLong("id");
        String insert = "INSERT INTO alert_event (id, alert_id, type, payload, created_at) "
                + "VALUES ($1, $2::uuid, 'alert.updated', $3, now())";
        SqlConnection slow = pool.getConnection().await().indefinitely();
        try {
            Transaction transaction = slow.begin().await().indefinitely();
            slow.preparedQuery(insert).execute(Tuple.of(earlier, alertId, "{\"n\":\"" + marker + "-change-1\"}"))
                    .await().indefinitely();
            pool.preparedQuery(insert).execute(Tuple.of(earlier + 1, alertId, "{\"n\":\"" + marker + "-change-2\"}"))
                    .await().indefinitely();
            Thread.sleep(1000); // the reader polls while the smaller id is not yet committed
            transaction.commit().await().indefinitely();
        } finally {
            slow.close().await().indefinitely();
        }

        assertThat(reading.get(40, TimeUnit.SECONDS)).extracting(Event::id)
                .containsExactly(Long.toString(earlier), Long.toString(earlier + 1));
    }
}
