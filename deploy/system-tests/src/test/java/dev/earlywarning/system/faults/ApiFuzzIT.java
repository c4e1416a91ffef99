package dev.earlywarning.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.Topics;

/**
 * Fuzzes the write APIs of the packaged services with mutated requests: valid requests with fields
 * removed, retyped, stretched, filled with control characters, NUL, unpaired surrogates, extreme
 * numbers and dates, and JSON cut, doubled or bit-flipped. No answer may be a 5xx, and every 4xx is
 * an RFC 9457 problem (its content type, and a body with type, title and the same status).
 * The seed is printed; {@code -Dfuzz.seed=} replays a run, {@code -Dfuzz.events=} sets its size.
 */
class ApiFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int EVENTS = Integer.getInteger("fuzz.events", 10_000);
    private static final int PER_ENDPOINT = Integer.getInteger("fuzz.per-endpoint", 2_000);

    private final Random random = new Random(SEED);

    /** Answers by status, and the requests that broke the rules (at most a few kept). */
    private static final class Tally {
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<String> violations = new ArrayList<>();
        int requests;

        void add(int status, String contentType, String body, String request) {
            requests++;
            statuses.merge(status, 1, Integer::sum);
            String problem = null;
            if (status >= 500 || status < 0) {
                problem = "answered " + status;
            } else if (status >= 400) {
                problem = problemIssue(status, contentType, body);
            }
            if (problem != null && violations.size() < 20) {
                violations.add(problem + " to " + abbreviate(request) + " → " + abbreviate(body));
            } else if (problem != null) {
                violations.add(problem);
            }
        }
    }

    @Test
    void noMutatedRequestGetsA5xxAndEvery4xxIsAProblem() throws Exception {
        System.out.println("ApiFuzzIT seed " + SEED);
        Platform platform = Platform.shared();
        try (LocalSystem system = LocalSystem.startOn(platform, FaultKit.ROOT, LocalSystem.Ports.free(),
                System.getenv(), FaultKit.ROOT.resolve("deploy/system-tests/target/service-logs/faults-fuzz"))) {
            Map<String, Tally> tallies = new LinkedHashMap<>();
            Tally events = new Tally();
            tallies.put("POST /events", events);
            for (int i = 0; i < EVENTS; i++) {
                boolean cloudEvent = random.nextInt(10) == 0;
                String body = mutate(cloudEvent ? cloudEvent() : event());
                send(events, "POST", system.ingestUrl() + "/events",
                        cloudEvent ? "application/cloudevents+json" : "application/json", body);
            }
            Tally batches = new Tally();
            tallies.put("POST /events/batch", batches);
            for (int i = 0; i < PER_ENDPOINT / 4; i++) {
                ArrayNode batch = NODES.arrayNode();
                for (int j = 0, n = 1 + random.nextInt(20); j < n; j++) {
                    batch.add(event());
                }
                send(batches, "POST", system.ingestUrl() + "/events/batch", "application/json", mutate(batch));
            }

            List<String> alertIds = seedAlerts(platform, system.alertsUrl());
            List<String> subscriptionIds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                subscriptionIds.add(JSON.readTree(FaultKit.post(system.alertsUrl() + "/subscriptions",
                        "{\"name\":\"fuzz\",\"url\":\"http://127.0.0.1:9/fuzz\",\"minSeverity\":\"CRITICAL\","
                                + "\"segments\":[\"fuzz-none\"]}")).get("id").asText());
            }
            Supplier<String> alertId = () -> id(alertIds);
            Supplier<String> subscriptionId = () -> id(subscriptionIds);
            String alerts = system.alertsUrl();
            fuzz(tallies, "POST /alerts/{id}/acknowledge", () -> alerts + "/alerts/" + alertId.get() + "/acknowledge",
                    this::step);
            fuzz(tallies, "POST /alerts/{id}/resolve", () -> alerts + "/alerts/" + alertId.get() + "/resolve",
                    this::step);
            fuzz(tallies, "POST /alerts/{id}/snooze", () -> alerts + "/alerts/" + alertId.get() + "/snooze",
                    this::snooze);
            fuzz(tallies, "POST /alerts/{id}/outcome", () -> alerts + "/alerts/" + alertId.get() + "/outcome",
                    this::outcome);
            fuzz(tallies, "POST /subscriptions", () -> alerts + "/subscriptions", this::subscription);
            for (String action : List.of("pause", "resume", "rotate-secret")) {
                fuzz(tallies, "POST /subscriptions/{id}/" + action,
                        () -> alerts + "/subscriptions/" + subscriptionId.get() + "/" + action, this::step);
            }
            fuzz(tallies, "POST /deliveries/{id}/replay", () -> alerts + "/deliveries/" + id(List.of()) + "/replay",
                    this::step);
            Tally deletes = new Tally();
            tallies.put("DELETE /subscriptions/{id}", deletes);
            for (int i = 0; i < PER_ENDPOINT; i++) {
                send(deletes, "DELETE", alerts + "/subscriptions/" + id(List.of()), "application/json", "");
            }

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("seed", SEED);
            tallies.forEach((endpoint, tally) -> figures.put(endpoint, tally.requests + " requests, "
                    + tally.statuses + ", " + tally.violations.size() + " violations"));
            FaultKit.report("fuzz: mutated requests against every write endpoint", figures);
            List<String> violations = new ArrayList<>();
            tallies.forEach((endpoint, tally) -> tally.violations.stream().limit(5)
                    .forEach(v -> violations.add(endpoint + ": " + v)));
            violations.forEach(v -> System.out.println("ApiFuzzIT violation " + v));
            assertThat(violations).as("requests answered 5xx, or 4xx without a problem (seed " + SEED + ")").isEmpty();
            assertThat(events.requests).isGreaterThanOrEqualTo(EVENTS);
        }
    }

    private void fuzz(Map<String, Tally> tallies, String name, Supplier<String> url, Supplier<JsonNode> seed) {
        Tally tally = new Tally();
        tallies.put(name, tally);
        for (int i = 0; i < PER_ENDPOINT; i++) {
            String contentType = random.nextInt(20) == 0 ? pick("text/plain", "application/xml", "", "*/*")
                    : "application/json";
            send(tally, "POST", url.get(), contentType, mutate(seed.get()));
        }
    }

    private static void send(Tally tally, String method, String url, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("authorization", FaultKit.bearer())
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("content-type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            tally.add(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.body(), method + " " + url + " " + body);
        } catch (Exception e) {
            tally.add(-1, "", e.toString(), method + " " + url + " " + body);
        }
    }

    private static String problemIssue(int status, String contentType, String body) {
        if (!contentType.startsWith("application/problem+json")) {
            return "a " + status + " as " + contentType;
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (!problem.hasNonNull("type") || !problem.hasNonNull("title") || problem.path("status").asInt() != status) {
                return "a " + status + " problem without type, title or its status";
            }
            return null;
        } catch (Exception e) {
            return "a " + status + " problem that is not JSON";
        }
    }

    // ---- seeds: valid requests the mutations start from ----

    private ObjectNode event() {
        ObjectNode e = NODES.objectNode();
        e.put("eventId", "fz-" + UUID.randomUUID());
        e.put("customerId", "FZ-" + random.nextInt(500));
        e.put("occurredAt", Instant.now().minusSeconds(random.nextInt(86_400 * 30)).toString());
        e.put("segment", pick("retail", "sme", "business"));
        e.put("sourceSystem", "fuzz");
        String type = pick("contact", "survey", "promise_made", "complaint_opened", "promise_kept");
        e.put("type", type);
        e.put("channel", pick("phone", "email", "chat", "letter"));
        e.put("direction", pick("inbound", "outbound"));
        e.put("journey", pick("complaint", "billing", "renewal"));
        e.put("caseRef", "K-" + random.nextInt(10));
        e.put("outcome", pick("resolved", "unresolved"));
        e.put("sentiment", pick("positive", "neutral", "negative"));
        e.put("effortScore", 1 + random.nextInt(7));
        e.put("waitSeconds", random.nextInt(600));
        e.put("nps", random.nextInt(11));
        e.put("csat", 1 + random.nextInt(5));
        e.put("promiseId", "P-1");
        e.put("promiseDueAt", Instant.now().plusSeconds(86_400).toString());
        e.putObject("attributes").put("note", "fuzz");
        return e;
    }

    private ObjectNode cloudEvent() {
        ObjectNode ce = NODES.objectNode();
        ce.put("specversion", "1.0");
        ce.put("id", "fz-" + UUID.randomUUID());
        ce.put("source", "fuzz");
        ce.put("type", "dev.earlywarning.contact.v1");
        ce.put("subject", "FZ-" + random.nextInt(500));
        ce.put("time", Instant.now().toString());
        ObjectNode data = event();
        data.remove(List.of("eventId", "customerId", "occurredAt"));
        ce.set("data", data);
        return ce;
    }

    private JsonNode step() {
        ObjectNode s = NODES.objectNode();
        s.put("actor", "fuzzer");
        s.put("note", "checking");
        return s;
    }

    private JsonNode snooze() {
        ObjectNode s = NODES.objectNode();
        s.put("until", Instant.now().plusSeconds(3_600).toString());
        s.put("reason", "waiting");
        s.put("actor", "fuzzer");
        return s;
    }

    private JsonNode outcome() {
        ObjectNode s = NODES.objectNode();
        s.put("actionTaken", "called");
        s.put("useful", random.nextBoolean());
        s.put("actor", "fuzzer");
        return s;
    }

    private JsonNode subscription() {
        ObjectNode s = NODES.objectNode();
        s.put("name", "fuzz");
        s.put("url", "http://127.0.0.1:9/fuzz");
        s.put("minSeverity", pick("INFO", "WARNING", "CRITICAL"));
        s.putArray("segments").add("fuzz-none");
        s.putArray("causes").add("effort");
        s.put("groupWindowSeconds", random.nextInt(30));
        return s;
    }

    private List<String> seedAlerts(Platform platform, String alertsUrl) {
        List<String[]> signals = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String customer = "FZ-ALERT-" + UUID.randomUUID();
            customers.add(customer);
            signals.add(new String[] {customer, ("{\"schemaVersion\":1,\"signalId\":\"%s\",\"kind\":\"RISK_RAISED\","
                    + "\"customerId\":\"%s\",\"segment\":\"fuzz\",\"cause\":\"effort\",\"severity\":\"WARNING\","
                    + "\"scoreAfter\":40,\"bandAfter\":\"AT_RISK\",\"drivers\":[],\"recommendedAction\":\"x\","
                    + "\"occurredAt\":\"2026-11-30T10:00:00Z\"}").formatted(UUID.randomUUID(), customer)});
        }
        FaultKit.produce(platform.bootstrapServers(), Topics.CHURN_RISK_SIGNALS, signals);
        List<String> ids = new ArrayList<>();
        FaultKit.await("the fuzz alerts opened", Duration.ofSeconds(60), () -> {
            ids.clear();
            for (String customer : customers) {
                try {
                    JsonNode list = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                                    URI.create(alertsUrl + "/alerts?customerId=" + customer))
                                    .header("authorization", FaultKit.bearer()).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    list.forEach(alert -> ids.add(alert.get("id").asText()));
                } catch (Exception e) {
                    return false;
                }
            }
            return ids.size() == customers.size();
        });
        return ids;
    }

    // ---- mutations ----

    private String id(List<String> known) {
        return switch (random.nextInt(known.isEmpty() ? 4 : 6)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> pick("not-a-uuid", "%00", "..%2F..%2Fetc", "1", "%F0%9F%98%80", "x".repeat(300));
            case 2 -> UUID.randomUUID().toString().toUpperCase();
            case 3 -> "00000000-0000-0000-0000-000000000000";
            default -> known.get(random.nextInt(known.size()));
        };
    }

    /** One to three mutations of the value, then, now and then, of its text. */
    private String mutate(JsonNode seed) {
        JsonNode node = seed.deepCopy();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            node = mutateNode(node);
        }
        String text = node.toString();
        return switch (random.nextInt(12)) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1)); // cut
            case 1 -> text + pick("}", "]", " {}", "garbage", "\u0000", ",");
            case 2 -> flip(text);
            case 3 -> "[".repeat(2_000) + "]".repeat(2_000);
            default -> text;
        };
    }

    private JsonNode mutateNode(JsonNode node) {
        if (node instanceof ArrayNode array && !array.isEmpty()) {
            int i = random.nextInt(array.size());
            array.set(i, mutateNode(array.get(i)));
            return array;
        }
        if (!(node instanceof ObjectNode object) || object.isEmpty()) {
            return weird();
        }
        List<String> fields = new ArrayList<>();
        Iterator<String> names = object.fieldNames();
        names.forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(5)) {
            case 0 -> object.remove(field);
            case 1 -> object.set(field, weird());
            case 2 -> object.set(field, object.get(field).isObject() ? mutateNode(object.get(field)) : weird());
            case 3 -> object.set("unknown" + random.nextInt(3), weird());
            default -> object.set(field, NODES.nullNode());
        }
        return object;
    }

    private JsonNode weird() {
        return switch (random.nextInt(24)) {
            case 0 -> NODES.numberNode(Long.MAX_VALUE);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(6.5);
            case 3 -> NODES.numberNode(1e308);
            case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(60)));
            case 5 -> NODES.textNode("x".repeat(1 + random.nextInt(100_000)));
            case 6 -> NODES.textNode("C-\u0000");
            case 7 -> NODES.textNode("\ud800lone");
            case 8 -> NODES.textNode("line\nbreak\ttab\u001b[31m");
            case 9 -> NODES.textNode("");
            case 10 -> NODES.textNode("   ");
            case 11 -> NODES.textNode(pick("1600-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z", "2026-13-45T25:61:61Z", "yesterday", "1700000000"));
            case 12 -> NODES.booleanNode(random.nextBoolean());
            case 13 -> NODES.arrayNode().add(1).add("two");
            case 14 -> NODES.objectNode().put("nested", "object");
            case 15 -> NODES.textNode("😀🙃".repeat(50));
            case 16 -> NODES.textNode("'; DROP TABLE alert; --");
            case 17 -> NODES.textNode(pick("phone", "PHONE", "face_to_face", "pigeon", "contact", "RISK_RAISED"));
            case 18 -> NODES.numberNode(Integer.MIN_VALUE);
            case 19 -> NODES.numberNode(0);
            case 20 -> NODES.textNode(pick("http://169.254.169.254/latest", "ftp://x", "http://", "javascript:alert(1)",
                    "http://[::1]:80/", "https://example.com/" + "a".repeat(5_000)));
            case 21 -> NODES.textNode(pick("INFO", "CRITICAL", "info", "MEGA"));
            case 22 -> NODES.numberNode(random.nextInt(1_000_000) - 500_000);
            default -> NODES.nullNode();
        };
    }

    private String flip(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
        }
        return new String(chars);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replace('\n', ' ');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
