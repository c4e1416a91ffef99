package dev.earlywarning.system.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.earlywarning.platform.DemoTraffic;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.ServiceProcess;
import io.restassured.RestAssured;

/**
 * What an SRE's tools read from the running services: every metric a dashboard panel or an alert
 * rule queries is exported (a panel on a name nobody exports stays empty without a word), the
 * histograms reach as far as their panels and rules look, and with {@code LOG_JSON=true} every log
 * line is a JSON object.
 */
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Series Prometheus itself (up) or kube-state-metrics make, not the services. */
    private static final Set<String> FROM_ELSEWHERE = Set.of("up", "kube_pod_container_status_ready");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "or", "and", "unless", "bool", "offset", "inf", "nan");
    private static final Path ROOT = AlertRulesTest.ROOT;
    private static final Path LOGS = ROOT.resolve("deploy/system-tests/target/service-logs/observability");
    private static LocalSystem system;
    private static final Map<String, Set<String>> exported = new HashMap<>();
    private static final Map<String, String> scraped = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LOG_JSON", "true");
        // The live accuracy measured every 2 s instead of every minute.
        env.put("EW_SERVICE_JAVA_OPTS", env.getOrDefault("EW_SERVICE_JAVA_OPTS", LocalSystem.SHARED_MACHINE_JAVA_OPTS)
                + " -Dalerts.accuracy.refresh-interval=2s");
        system = LocalSystem.startOn(Platform.shared(), ROOT, LocalSystem.Ports.free(), env, LOGS);
        // Some traffic, so the services have scored, alerted and delivered once.
        String customer = "C-observed-" + UUID.randomUUID();
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            RestAssured.given().auth().oauth2(system.platform().tokens().producer("demo")).contentType("application/json")
                    .body(DemoTraffic.contactEvent("obs-" + UUID.randomUUID(), customer, now.minusSeconds(300 - 100L * i),
                            "phone", "negative", "unresolved", 6))
                    .post(system.ingestUrl() + "/events").then().statusCode(202);
        }
        String staff = system.platform().tokens().staff("observer");
        String alert = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given()
                .auth().oauth2(staff).queryParam("customerId", customer).get(system.alertsUrl() + "/alerts").then()
                .extract().<String>path("[0].id"), id -> id != null);
        // What the panels count per cause: an acknowledgement and an outcome.
        RestAssured.given().auth().oauth2(staff).post(system.alertsUrl() + "/alerts/" + alert + "/acknowledge").then()
                .statusCode(200);
        RestAssured.given().auth().oauth2(staff).contentType("application/json")
                .body("{\"actionTaken\":\"called\",\"useful\":true}")
                .post(system.alertsUrl() + "/alerts/" + alert + "/outcome").then().statusCode(200);
        // The customer leaves: the live accuracy judges the alert (its panels read those gauges).
        RestAssured.given().auth().oauth2(system.platform().tokens().producer("demo")).contentType("application/json")
                .body("{\"eventId\":\"end-" + customer + "\",\"customerId\":\"" + customer + "\",\"occurredAt\":\""
                        + Instant.now() + "\",\"type\":\"relationship_ended\",\"reason\":\"switched\"}")
                .post(system.ingestUrl() + "/events").then().statusCode(202);
        String alertsMetrics = system.services().get(2).managementUrl() + "/q/metrics";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(alertsMetrics)).build(), HttpResponse.BodyHandlers.ofString())
                .body().contains("ew_alerts_accuracy_precision{cause=\"all\""));
        HttpClient http = HttpClient.newHttpClient();
        for (ServiceProcess service : system.services()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            scraped.put(service.name(), body);
            Set<String> names = new TreeSet<>();
            body.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
            exported.put(service.name(), names);
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** The metric names a PromQL expression reads: label matchers, grouping clauses and functions taken out. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()").matcher(bare);
        while (m.find()) {
            String name = m.group(1);
            if (!PROMQL_WORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void theExpressionReaderFindsMetricsNotFunctionsLabelsOrKeywords() {
        assertThat(metricNames("histogram_quantile(0.9, sum by (le, severity) (rate(ew_x_bucket{a=\"b\"}[1h])))"))
                .containsExactly("ew_x_bucket");
        assertThat(metricNames("sum by (job) (increase(a_total[10m])) > 0 or sum(b) / on (job) c == 1"))
                .containsExactly("a_total", "b", "c");
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("deploy/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode panel : JSON.readTree(file.toFile()).get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        exprs.add(panel.get("title").asText() + " :: " + target.get("expr").asText());
                    }
                }
            }
        }
        return exprs;
    }

    private static List<String> ruleExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : YAML.readTree(AlertRulesTest.RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                exprs.add(rule.get("alert").asText() + " :: " + rule.get("expr").asText());
            }
        }
        return exprs;
    }

    @Test
    void everyMetricADashboardPanelOrAnAlertRuleQueriesIsExported() throws IOException {
        Set<String> all = new TreeSet<>();
        exported.values().forEach(all::addAll);
        List<String> missing = new ArrayList<>();
        List<String> exprs = new ArrayList<>(dashboardExpressions());
        exprs.addAll(ruleExpressions());
        int checked = 0;
        for (String entry : exprs) {
            String expr = entry.substring(entry.indexOf(" :: ") + 4);
            for (String name : metricNames(expr)) {
                checked++;
                if (!FROM_ELSEWHERE.contains(name) && !all.contains(name)) {
                    missing.add(name + " (" + entry.substring(0, entry.indexOf(" :: ")) + ")");
                }
            }
        }
        assertThat(checked).as("metric references read").isGreaterThan(30);
        assertThat(missing).as("queried but exported by no service").isEmpty();
    }

    @Test
    void theHistogramsReachAsFarAsTheirPanelsAndRulesLook() {
        // Scoring lag: the rule fires above 5 minutes, the panel shows hours (the default buckets ended at 30 s).
        assertThat(largestBucket(scraped.get("health-scorer"), "ew_scorer_lag_seconds_bucket")).isGreaterThan(86_400);
        // Time to acknowledge: a week, for every severity, before anyone acknowledged anything.
        for (String severity : List.of("INFO", "WARNING", "CRITICAL")) {
            assertThat(largestBucket(scraped.get("alert-service"), "ew_alerts_time_to_acknowledge_seconds_bucket{severity=\""
                    + severity + "\""))
                    .as("time to acknowledge, " + severity).isGreaterThanOrEqualTo(604_800);
        }
        assertThat(exported.get("alert-service")).contains("ew_alerts_dead_letters_total", "ew_alerts_deliveries_total");
        assertThat(exported.get("contact-ingest")).contains("ew_ingest_dead_letters_total");
        assertThat(scraped.get("alert-service")).contains("ew_alerts_deliveries_total{outcome=\"failed\"} 0.0");
    }

    private static double largestBucket(String metrics, String prefix) {
        double largest = -1;
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "[^}]*le=\"([0-9.eE+]+)\"").matcher(metrics);
        while (m.find()) {
            largest = Math.max(largest, Double.parseDouble(m.group(1)));
        }
        return largest;
    }

    @Test
    void withLogJsonEveryLogLineOfEveryServiceIsAJsonObject() throws IOException {
        for (ServiceProcess service : system.services()) {
            List<String> lines = Files.readAllLines(service.logFile()).stream().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as(service.name() + "'s log").hasSizeGreaterThan(5);
            for (String line : lines) {
                JsonNode entry;
                try {
                    entry = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError(service.name() + " wrote a line that is not JSON: " + line, e);
                }
                assertThat(entry.isObject()).isTrue();
                assertThat(entry.has("timestamp") && entry.has("level") && entry.has("message"))
                        .as(service.name() + ": " + line).isTrue();
            }
            assertThat(lines).anyMatch(l -> l.contains("\"message\":\"" + service.name() + " "));
        }
    }
}
