package dev.earlywarning.system.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import com.deque.html.axecore.results.Rule;

import dev.earlywarning.platform.DemoTraffic;
import dev.earlywarning.platform.DevTokens;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.WebhookReceiver;
import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.LiveTraffic;
import dev.earlywarning.simulator.Output;
import dev.earlywarning.simulator.Progress;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The operations console in headless Chromium against the three packaged services, the real broker
 * and database, with 2,000 simulated customers' last 90 days loaded first (as the local run does).
 * Screenshots and the page timings go to {@code console.docs} (default target/console; the README
 * says how to refresh docs/console).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LocalSystem system;
    private static WebhookReceiver receiver;
    private static Browser browser;
    private static FakeOidcProvider oidc;
    private static DevTokens tokens;
    private static Path docs;
    private static int loads;
    private static long simulatedEvents;
    private static final Map<String, Long> webhookArrivals = new ConcurrentHashMap<>();
    private static final Map<String, String> report = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath().normalize();
        docs = Path.of(System.getProperty("console.docs", root.resolve("deploy/system-tests/target/console").toString()));
        Browser.require();
        oidc = new FakeOidcProvider(() -> Platform.shared().tokens().staff("oidc-user"));
        // alert-service tells the console to sign in with the provider (the other services ignore it).
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("EW_SERVICE_JAVA_OPTS", env.getOrDefault("EW_SERVICE_JAVA_OPTS", LocalSystem.SHARED_MACHINE_JAVA_OPTS)
                + " -Dalerts.console.oidc-authorization-url=" + oidc.url("/authorize")
                + " -Dalerts.console.oidc-token-url=" + oidc.url("/token"));
        // The services first: their free ports are chosen before they bind, and the browser's own ports could take one.
        system = LocalSystem.startOn(Platform.shared(), root, LocalSystem.Ports.free(), env,
                root.resolve("deploy/system-tests/target/service-logs/console"));
        browser = Browser.start();
        tokens = system.platform().tokens();
        receiver = WebhookReceiver.start(0);
        staff().contentType("application/json")
                .body("{\"name\":\"console test receiver\",\"url\":\"" + receiver.url("/console") + "\",\"minSeverity\":\"INFO\"}")
                .post(system.alertsUrl() + "/subscriptions").then().statusCode(201);
        receiver.onReceive(r -> {
            long now = System.currentTimeMillis();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"customerId\":\"(C-console-[^\"]+)\"")
                    .matcher(r.body());
            while (m.find()) {
                webhookArrivals.putIfAbsent(m.group(1), now);
            }
        });
        loadSimulatedCustomers(2_000, 90);
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (!report.isEmpty()) {
                writeReport();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (receiver != null) {
                receiver.close();
            }
            if (system != null) {
                system.close();
            }
            if (oidc != null) {
                oidc.close();
            }
        }
    }

    /** A simulated population's recent history through contact-ingest, then until the alerts settle. */
    private static void loadSimulatedCustomers(int customers, int days) throws Exception {
        SimulationConfig config = SimulationConfig.defaults().withCustomers(customers)
                .withPeriod(Instant.now().minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS), days);
        List<ContactEvent> events = Output.timeOrdered(new Simulator(config).population(true).toList(), Duration.ZERO);
        try (LiveTraffic.Target target = LiveTraffic.rest(system.ingestUrl(), tokens.producer("simulator"));
             Progress progress = new Progress("console test traffic", events.size(), "events")) {
            LiveTraffic.Summary summary = LiveTraffic.send(events, target, 0, 100, progress);
            assertThat(summary.accepted()).as("simulated events accepted").isEqualTo(events.size());
        }
        simulatedEvents = events.size();
        long last = -1;
        for (int i = 0; i < 60; i++) {
            long now = Long.parseLong(staff().get(system.alertsUrl() + "/alerts/counts").then().statusCode(200)
                    .extract().path("total").toString());
            if (now == last && now > 0) {
                return;
            }
            last = now;
            Thread.sleep(2_000);
        }
    }

    private static RequestSpecification staff() {
        return RestAssured.given().auth().oauth2(tokens.staff("console-staff"));
    }

    private static String operatorToken() {
        return tokens.token("console-operator", List.of(DevTokens.VIEWER, DevTokens.OPERATOR), Map.of(), Duration.ofHours(2));
    }

    private static String viewerToken() {
        return tokens.token("console-viewer", List.of(DevTokens.VIEWER), Map.of(), Duration.ofHours(2));
    }

    /** Opens the console signed in with a token (a fresh page load), at a page of it. */
    private static void open(String token, String page) {
        browser.driver.get(system.alertsUrl() + "/console/?load=" + (++loads) + "#token=" + token);
        browser.await(WAIT, "the inbox after sign-in", d -> {
            String h1 = browser.text("main h1");
            return h1 != null && h1.startsWith("Inbox");
        });
        if (!page.equals("/inbox")) {
            go(page);
        }
    }

    private static void go(String page) {
        if (("#" + page).equals(browser.script("return location.hash"))) {
            return;
        }
        int rendered = ((Number) browser.script("return performance.getEntriesByName('ew-page-rendered').length"))
                .intValue();
        browser.script("location.hash = arguments[0]", page);
        browser.await(WAIT, "page " + page, d -> browser.text("main h1") != null
                && ((Number) browser.script("return performance.getEntriesByName('ew-page-rendered').length")).intValue()
                > rendered);
    }

    private static void awaitLive() {
        browser.await(WAIT, "the live stream connected", d -> "live".equals(
                d.findElement(By.id("live")).getAttribute("data-state")));
    }

    /** Three failed calls about one problem: the third is a red flag, an alert at once. */
    private static List<String> thirdCall(String customer) {
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            String eventId = "evt-" + UUID.randomUUID();
            ids.add(eventId);
            RestAssured.given().auth().oauth2(tokens.producer("demo")).contentType("application/json")
                    .body(DemoTraffic.contactEvent(eventId, customer, now.minusSeconds(300 - 100L * i), "phone",
                            i == 0 ? "neutral" : "negative", "unresolved", 5 + i))
                    .post(system.ingestUrl() + "/events").then().statusCode(202);
        }
        return ids;
    }

    private static String awaitAlert(String customer) {
        return awaitAlert(customer, WAIT);
    }

    private static String awaitAlert(String customer, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(
                () -> staff().queryParam("customerId", customer).get(system.alertsUrl() + "/alerts").then()
                        .statusCode(200).extract().path("[0].id"), id -> id != null).toString();
    }

    /** Records in the page when a row for the customer first appears (the page's own clock). */
    private static void watchFor(String customer) {
        browser.script("""
                const customer = arguments[0];
                window.__seen = window.__seen || {};
                const look = () => {
                  if (!window.__seen[customer] && [...document.querySelectorAll('#alerts a.open-alert')]
                      .some(a => a.textContent.trim() === customer)) window.__seen[customer] = Date.now();
                };
                new MutationObserver(look).observe(document.getElementById('main'), {childList: true, subtree: true});
                window.__loadMarker = window.__loadMarker || Math.random();
                return window.__loadMarker;""", customer);
    }

    private static Long seenAt(String customer) {
        Object at = browser.script("return (window.__seen || {})[arguments[0]] || null", customer);
        return at == null ? null : ((Number) at).longValue();
    }

    @Test
    @Order(0)
    void signingInWithTheOrganisationsProviderTakesTheCodeFlowWithPkce() {
        browser.driver.get(system.alertsUrl() + "/console/?load=" + (++loads) + "#/signin");
        browser.script("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        WebElement button = browser.await(WAIT, "the provider's sign-in button", d -> d.findElement(By.id("oidc")));
        button.click();
        browser.await(WAIT, "signed in through the provider", d -> {
            String who = browser.text("#who");
            return who != null && who.contains("oidc-user") && "Inbox".equals(
                    String.valueOf(browser.text("main h1")).replaceAll(" .*", ""));
        });
        assertThat(oidc.lastTokenRequestProblem).as("the token request the provider refused").isNull();
        assertThat(oidc.tokensIssued).isEqualTo(1);
        assertThat(browser.driver.getCurrentUrl()).as("no code left in the address").doesNotContain("code=");
    }

    @Test
    @Order(1)
    void anEventPostedToContactIngestAppearsInTheInboxLiveWithoutAReload() {
        open(operatorToken(), "/inbox");
        awaitLive();
        Object marker = browser.script("window.__loadMarker = Math.random(); return window.__loadMarker");
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String customer = "C-console-live-" + UUID.randomUUID().toString().substring(0, 8);
            watchFor(customer);
            thirdCall(customer);
            browser.await(WAIT, "a row for " + customer + " in the inbox", d -> seenAt(customer) != null);
            Long webhook = org.awaitility.Awaitility.await().atMost(WAIT).until(() -> webhookArrivals.get(customer),
                    at -> at != null);
            latencies.add(seenAt(customer) - webhook);
        }
        assertThat(browser.script("return window.__loadMarker")).as("the page was not reloaded").isEqualTo(marker);
        WebElement row = browser.driver.findElement(By.cssSelector("#alerts tbody tr"));
        assertThat(row.getText()).contains("critical").contains("repeat contact").contains("open");
        String counts = browser.driver.findElement(By.cssSelector(".tabs button[data-status='OPEN']")).getText();
        assertThat(counts).matches("Open \\(\\d+\\)");
        report.put("Inbox row after its webhook (ms, three alerts)", latencies.toString());
    }

    @Test
    @Order(2)
    void anOperatorTakesAcknowledgesSnoozesResolvesAndRecordsAnOutcomeAndTheHistoryShowsIt() throws IOException {
        String customer = "C-console-ops-" + UUID.randomUUID().toString().substring(0, 8);
        thirdCall(customer);
        String id = awaitAlert(customer);
        open(operatorToken(), "/alerts/" + id);
        browser.await(WAIT, "the alert page", d -> d.findElement(By.id("customer-link")).getText().equals(customer));
        assertThat(browser.driver.findElement(By.id("drivers-h")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.cssSelector(".drivers")).getText()).contains("repeat contact");

        step("[data-step='take']", "You took it.");
        assertThat(browser.driver.findElement(By.id("assignee")).getText()).isEqualTo("console-operator");
        step("[data-step='acknowledge']", "Acknowledged.");
        assertThat(browser.driver.findElement(By.id("alert-status")).getText()).isEqualTo("acknowledged");
        browser.driver.findElement(By.id("snooze-reason")).sendKeys("waiting for billing");
        step("#snooze-form button[type='submit']", "Snoozed.");
        browser.driver.findElement(By.id("resolve-note")).sendKeys("refund sent");
        step("#resolve-form button[type='submit']", "Resolved.");
        assertThat(browser.driver.findElement(By.id("alert-status")).getText()).isEqualTo("resolved");
        browser.driver.findElement(By.id("outcome-action")).sendKeys("called back, refunded the fee");
        browser.driver.findElement(By.cssSelector("input[name='useful'][value='true']")).click();
        step("#outcome-form button[type='submit']", "Outcome recorded.");

        List<String> steps = new ArrayList<>();
        for (WebElement tr : browser.driver.findElements(By.cssSelector("#transitions tbody tr"))) {
            List<WebElement> cells = tr.findElements(By.tagName("td"));
            steps.add(cells.get(1).getText() + " by " + cells.get(2).getText());
        }
        assertThat(steps).containsSubsequence("open by system", "take by console-operator",
                "acknowledge by console-operator", "snooze by console-operator", "resolve by console-operator",
                "outcome by console-operator");
        assertThat(browser.driver.findElement(By.id("transitions")).getText())
                .contains("waiting for billing").contains("refund sent").contains("useful: called back, refunded the fee");
        staff().get(system.alertsUrl() + "/alerts/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("RESOLVED"))
                .body("assignee", org.hamcrest.Matchers.equalTo("console-operator"));
    }

    private static void step(String button, String done) {
        browser.driver.findElement(By.cssSelector(button)).click();
        browser.await(WAIT, "the step's confirmation: " + done, d -> {
            List<WebElement> notice = d.findElements(By.id("step-done"));
            return !notice.isEmpty() && notice.get(0).getText().equals(done);
        });
    }

    @Test
    @Order(3)
    void theCustomerPageChartsTheScoreWithTheEventsThatMovedItAndShowsAClickedEvent() {
        String customer = "C-console-chart-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> events = thirdCall(customer);
        awaitAlert(customer);
        open(viewerToken(), "/customers/" + customer);
        browser.await(WAIT, "three event marks on the chart", d -> {
            if (d.findElements(By.cssSelector("#score-chart .mark")).size() == 3) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
        assertThat(browser.driver.findElements(By.cssSelector("#score-chart .band-line"))).hasSize(3);
        assertThat(browser.driver.findElement(By.id("score")).getText()).matches("\\d+");
        List<WebElement> marks = browser.driver.findElements(By.cssSelector("#score-chart .mark"));
        marks.get(marks.size() - 1).click();
        WebElement card = browser.await(WAIT, "the clicked event", d -> d.findElement(By.id("event-card")));
        assertThat(card.getText()).contains(events.get(2)).contains("contact, by phone").contains("negative tone");
        assertThat(browser.driver.findElement(By.id("customer-alerts")).getText()).contains("repeat contact");
    }

    @Test
    @Order(4)
    void aViewerIsNotOfferedAnyStepAndAForcedStepIsRefusedWith403() {
        String customer = "C-console-viewer-" + UUID.randomUUID().toString().substring(0, 8);
        thirdCall(customer);
        String id = awaitAlert(customer);
        open(viewerToken(), "/alerts/" + id);
        browser.await(WAIT, "the alert page", d -> d.findElement(By.id("customer-link")).getText().equals(customer));
        assertThat(browser.driver.findElements(By.cssSelector("[data-step], #snooze-form, #resolve-form, #outcome-form")))
                .as("steps offered to a viewer").isEmpty();
        assertThat(browser.driver.findElement(By.cssSelector("#nav a[data-nav='subscriptions']")).isDisplayed()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> forced = (Map<String, Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('../alerts/' + arguments[0] + '/acknowledge', {method: 'POST',
                    headers: {Authorization: 'Bearer ' + sessionStorage.getItem('ew.console.token')}})
                  .then(r => r.text().then(body => done({status: r.status, type: r.headers.get('content-type'), body})));""",
                id);
        assertThat(((Number) forced.get("status")).intValue()).isEqualTo(403);
        assertThat((String) forced.get("type")).contains("application/problem+json");
        staff().get(system.alertsUrl() + "/alerts/" + id).then().body("status", org.hamcrest.Matchers.equalTo("OPEN"));
    }

    @Test
    @Order(4)
    void aTokenTheServicesRefuseSendsTheUserBackToSignInAndThenToThePageAsked() {
        // Not expired for the page, refused by the services (another issuer: as when a token is revoked).
        String refused = DevTokens.generate("https://elsewhere.example.com/realms/other").staff("console-stranger");
        browser.driver.get(system.alertsUrl() + "/console/?load=" + (++loads) + "#/signin");
        browser.script("sessionStorage.setItem('ew.console.token', arguments[0]); location.hash = '/at-risk'", refused);
        browser.await(WAIT, "the sign-in page, asking to come back to the at-risk list", d ->
                "Sign in".equals(browser.text("main h1")) && d.getCurrentUrl().contains("then=%2Fat-risk"));
        assertThat(browser.script("return sessionStorage.getItem('ew.console.token')")).as("the refused token").isNull();
        browser.driver.findElement(By.id("token")).sendKeys(tokens.staff("console-staff"));
        browser.driver.findElement(By.cssSelector("#token-form button[type='submit']")).click();
        browser.await(WAIT, "the at-risk list after signing in", d -> "At risk".equals(browser.text("main h1")));
    }

    @Test
    @Order(5)
    void anAdminSubscribesSeesTheSecretOnceAndPausesResumesAndListsDeliveries() {
        open(tokens.staff("console-admin"), "/subscriptions");
        browser.driver.findElement(By.id("s-name")).sendKeys("console desk");
        browser.driver.findElement(By.id("s-url")).sendKeys(receiver.url("/desk"));
        browser.driver.findElement(By.cssSelector("#new-subscription button[type='submit']")).click();
        WebElement secret = browser.await(WAIT, "the secret shown once", d -> d.findElement(By.id("secret")));
        assertThat(secret.getText()).startsWith("whsec_");
        WebElement row = browser.await(WAIT, "the new subscription's row", d -> d.findElements(
                By.cssSelector("#subscriptions tbody tr")).stream().filter(r -> r.getText().contains("console desk"))
                .findFirst().orElse(null));
        row.findElement(By.cssSelector("[data-act='pause']")).click();
        browser.await(WAIT, "paused", d -> rowOf("console desk").getText().contains("paused"));
        assertThat(browser.driver.findElements(By.id("secret"))).as("the secret is shown only once").isEmpty();
        rowOf("console desk").findElement(By.cssSelector("[data-act='resume']")).click();
        browser.await(WAIT, "active again", d -> rowOf("console desk").getText().contains("active"));
        rowOf("console test receiver").findElement(By.cssSelector("[data-act='deliveries']")).click();
        WebElement deliveries = browser.await(WAIT, "the receiver's deliveries", d -> d.findElement(By.id("deliveries")));
        assertThat(deliveries.getText()).contains("alert.opened").contains("delivered");
    }

    private static WebElement rowOf(String name) {
        return browser.driver.findElements(By.cssSelector("#subscriptions tbody tr")).stream()
                .filter(r -> r.getText().contains(name)).findFirst().orElseThrow();
    }

    /** The console's pages, the alert and customer pages those of a new alert. */
    private static Map<String, String> pagesOfANewAlert(String name) {
        String customer = "C-console-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        thirdCall(customer);
        String id = awaitAlert(customer);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("inbox", "/inbox");
        pages.put("alert", "/alerts/" + id);
        pages.put("customer", "/customers/" + customer);
        pages.put("at-risk", "/at-risk");
        return pages;
    }

    @Test
    @Order(6)
    void everyPageHasNoSeriousAccessibilityViolationAtDesktopAndPhoneSize() throws IOException {
        Map<String, String> pages = pagesOfANewAlert("a11y");
        pages.put("subscriptions", "/subscriptions");
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(checkEveryPage(pages));
        } finally {
            browser.size(Browser.DESKTOP);
        }
        assertThat(problems).as("serious or critical WCAG 2.1 AA violations (axe-core)").isEmpty();
    }

    private static List<String> checkEveryPage(Map<String, String> pages) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Dimension size : List.of(Browser.DESKTOP, Browser.PHONE)) {
            browser.size(size);
            String suffix = size.equals(Browser.DESKTOP) ? "" : "-phone";
            browser.driver.get(system.alertsUrl() + "/console/?load=" + (++loads) + "#/signin");
            browser.script("sessionStorage.clear()");
            browser.driver.navigate().refresh();
            browser.await(WAIT, "the sign-in page", d -> "Sign in".equals(browser.text("main h1")));
            problems.addAll(check("sign-in" + suffix));
            open(tokens.staff("console-staff"), "/inbox");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                go(page.getValue());
                if (page.getKey().equals("customer")) {
                    browser.await(WAIT, "the chart", d -> !d.findElements(By.id("score-chart")).isEmpty());
                }
                problems.addAll(check(page.getKey() + suffix));
            }
        }
        return problems;
    }

    private static List<String> check(String name) throws IOException {
        browser.screenshot(docs.resolve(name + ".png"));
        List<String> problems = new ArrayList<>();
        for (Rule rule : browser.accessibilityViolations()) {
            String line = name + ": " + rule.getImpact() + " " + rule.getId() + " (" + rule.getHelp() + ") on "
                    + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(3).toList();
            System.out.println("[axe] " + line);
            if (Browser.serious(rule)) {
                problems.add(line);
            }
        }
        return problems;
    }

    @Test
    @Order(7)
    void firstMeaningfulPaintIsMeasuredOnEveryPage() {
        open(tokens.staff("console-staff"), "/inbox");
        Map<String, String> pages = pagesOfANewAlert("paint");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            List<Double> fcp = new ArrayList<>();
            List<Double> rendered = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                browser.driver.get(system.alertsUrl() + "/console/?load=" + (++loads) + "#" + page.getValue());
                browser.await(WAIT, "the page rendered", d -> ((Number) browser.timings().get("rendered")).doubleValue() > 0);
                Map<String, Object> t = browser.timings();
                fcp.add(((Number) t.get("fcp")).doubleValue());
                rendered.add(((Number) t.get("rendered")).doubleValue());
            }
            assertThat(rendered).allMatch(ms -> ms > 0);
            report.put(page.getKey() + ": first contentful paint, page rendered with its data (ms, median of 7)",
                    String.format("%.0f, %.0f", median(fcp), median(rendered)));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    @Order(8)
    void theStreamResumesWithLastEventIdAfterTheServerDropsTheConnection() throws Exception {
        open(operatorToken(), "/inbox");
        awaitLive();
        String before = "C-console-before-" + UUID.randomUUID().toString().substring(0, 8);
        watchFor(before);
        thirdCall(before);
        browser.await(WAIT, "a change seen before the drop", d -> seenAt(before) != null);
        Object marker = browser.script("window.__loadMarker = Math.random(); return window.__loadMarker");
        String lastSeen = browser.driver.findElement(By.id("live")).getAttribute("data-last-event-id");
        assertThat(lastSeen).matches("\\d+");

        CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> system.restart("alert-service"));
        browser.await(Duration.ofSeconds(60), "the console showing it is reconnecting", d -> "reconnecting".equals(
                d.findElement(By.id("live")).getAttribute("data-state")));
        assertThat(browser.driver.findElement(By.id("live")).getText()).isEqualTo("Reconnecting…");
        String during = "C-console-during-" + UUID.randomUUID().toString().substring(0, 8);
        watchFor(during);
        thirdCall(during);
        restarted.get(180, java.util.concurrent.TimeUnit.SECONDS);
        awaitAlert(during, Duration.ofSeconds(120));

        browser.await(WAIT, "the alert opened while the stream was down, in the inbox",
                d -> seenAt(during) != null);
        awaitLive();
        assertThat(browser.driver.findElement(By.id("live")).getAttribute("data-resumed-from"))
                .as("the reconnect asked for what came after the last change seen").isEqualTo(lastSeen);
        assertThat(browser.script("return window.__loadMarker")).as("the page was not reloaded").isEqualTo(marker);
    }

    private static void writeReport() throws IOException {
        Files.createDirectories(docs);
        StringBuilder md = new StringBuilder("# Console timings\n\nMeasured by `ConsoleIT` in headless Chromium ")
                .append(browserVersion()).append(" on ").append(java.time.LocalDate.now())
                .append(" (2 cores), against the packaged services on the local platform with ")
                .append(String.format("%,d", simulatedEvents)).append(" events of 2,000 simulated customers' last 90 days loaded. ")
                .append("A page load is a fresh navigation (the browser's cache warm, as for a team that keeps the page open); ")
                .append("*rendered* is the console's own mark once the page shows its data (its first meaningful paint). ")
                .append("Reported, not asserted: a timed test on a shared machine would fail for the machine's sake.\n\n")
                .append("| What | Figure |\n| --- | --- |\n");
        report.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(docs.resolve("timings.md"), md.toString());
    }

    private static String browserVersion() {
        Object version = browser.driver.getCapabilities().getBrowserVersion();
        return version == null ? "" : version.toString();
    }
}
