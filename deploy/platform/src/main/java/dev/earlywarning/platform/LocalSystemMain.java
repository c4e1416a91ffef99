package dev.earlywarning.platform;

import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.LiveTraffic;
import dev.earlywarning.simulator.Output;
import dev.earlywarning.simulator.Progress;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's run command: starts Kafka, PostgreSQL and the three services, subscribes a demo
 * webhook receiver, sends a little demo traffic, and runs until Ctrl-C, which stops everything.
 */
public final class LocalSystemMain {

    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("\"(type|customerId|severity|scoreAfter|bandAfter|cause)\":\"?([^\",}]+)");

    private LocalSystemMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path root = Path.of(System.getProperty("earlywarning.root", ".")).toAbsolutePath().normalize();
        LocalSystem.Ports ports = new LocalSystem.Ports(port(env, "EW_INGEST_PORT", 8081),
                port(env, "EW_SCORER_PORT", 8082), port(env, "EW_ALERTS_PORT", 8083),
                port(env, "EW_INGEST_MANAGEMENT_PORT", 9081), port(env, "EW_SCORER_MANAGEMENT_PORT", 9082),
                port(env, "EW_ALERTS_MANAGEMENT_PORT", 9083));
        Path logDir = Files.createDirectories(root.resolve("target/local-run"));

        log("Starting Kafka (KRaft), PostgreSQL and the three services; logs in " + logDir);
        long started = System.nanoTime();
        LocalSystem system = LocalSystem.start(root, ports, env, logDir);
        WebhookReceiver receiver = WebhookReceiver.start(port(env, "EW_DEMO_WEBHOOK_PORT", 8089));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("Stopping every process...");
            receiver.close();
            system.close();
            log("Stopped.");
            stopped.countDown();
        }, "local-system-shutdown"));
        log(String.format("Up in %.1f s.", (System.nanoTime() - started) / 1e9));

        DevTokens tokens = system.platform().tokens();
        Path tokenFile = writeTokens(tokens, logDir.resolve("tokens.env"));
        String subscription = DemoTraffic.post(system.alertsUrl() + "/subscriptions",
                "{\"name\":\"demo receiver\",\"url\":\"" + receiver.url("/webhooks") + "\",\"minSeverity\":\"WARNING\"}",
                tokens.forRole(DevTokens.ADMIN));
        Matcher secret = SECRET.matcher(subscription);
        String signingSecret = secret.find() ? secret.group(1) : "";
        receiver.onReceive(r -> log("webhook received " + summary(r.body()) + " signature "
                + (r.signedWith(signingSecret) ? "valid" : "INVALID")));

        System.out.println();
        System.out.println("Early Warning is running:");
        System.out.println("  contact-ingest  " + system.ingestUrl() + "   (POST /events, /q/swagger-ui)");
        System.out.println("  health-scorer   " + system.scorerUrl() + "   (GET /customers/{id}/health)");
        System.out.println("  alert-service   " + system.alertsUrl() + "   (GET /alerts, /subscriptions)");
        System.out.println("  demo webhooks   " + receiver.url("/webhooks") + "  (subscribed, prints what it receives)");
        System.out.println("  Kafka           " + system.platform().bootstrapServers());
        System.out.println("  PostgreSQL      " + system.platform().postgres().jdbcUrl("postgres")
                + " user " + system.platform().postgres().user());
        System.out.println("  metrics, health " + system.services().stream().map(ServiceProcess::managementUrl)
                .map(url -> url + "/q/metrics").collect(java.util.stream.Collectors.joining(" ")));
        System.out.println();
        System.out.println("Security is on: every API needs a bearer token. Development tokens, one per role, signed by");
        System.out.println("a key made for this run (valid 24 h), are in " + tokenFile + ":");
        System.out.println("  source " + root.relativize(tokenFile) + "   # EW_WRITER_TOKEN (source demo), EW_VIEWER_TOKEN,");
        System.out.println("                                          # EW_OPERATOR_TOKEN, EW_ADMIN_TOKEN");
        System.out.println();
        // The token travels in the fragment, which the browser never sends to a server.
        String console = system.alertsUrl().replace("127.0.0.1", "localhost") + "/console/";
        System.out.println("Operations console (signed in as demo-staff: viewer, operator, admin):");
        System.out.println("  " + console + "#token=" + tokens.staff("demo-staff"));
        System.out.println("  or open " + console + " and paste a token from " + root.relativize(tokenFile));
        System.out.println();
        openInBrowser(env, console + "#token=" + tokens.staff("demo-staff"));

        log("Sending demo traffic to contact-ingest:");
        DemoTraffic.send(system.ingestUrl(), tokens.producer("demo")).forEach(answer -> log("  " + answer));
        System.out.println();
        String auth = "-H \"Authorization: Bearer $EW_VIEWER_TOKEN\" ";
        System.out.println("Try:  curl -s " + auth + "'" + system.alertsUrl() + "/alerts?sort=risk'");
        System.out.println("      curl -s " + auth + system.scorerUrl() + "/customers/C-1003/health");
        System.out.println("      curl -s " + auth + system.alertsUrl() + "/alerts/accuracy   (moves as the simulated customers leave)");
        System.out.println("Press Ctrl-C to stop everything.");
        System.out.println();
        String simulator = tokens.producer("simulator");
        Thread simulated = new Thread(() -> simulatedTraffic(env, system.ingestUrl(), simulator), "demo-simulated-traffic");
        simulated.setDaemon(true);
        simulated.start();
        stopped.await();
    }

    /**
     * A simulated population's recent history (deploy/simulator), sent to contact-ingest at a
     * gentle rate, so the dashboards and the alert list have something to show.
     */
    private static void simulatedTraffic(Map<String, String> env, String ingestUrl, String token) {
        int customers = port(env, "EW_DEMO_CUSTOMERS", 2_000);
        int days = port(env, "EW_DEMO_DAYS", 90);
        int rate = port(env, "EW_DEMO_RATE", 50);
        if (customers <= 0 || rate <= 0) {
            return;
        }
        SimulationConfig config = SimulationConfig.defaults().withCustomers(customers)
                .withPeriod(Instant.now().minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS), days);
        List<ContactEvent> events = Output.timeOrdered(new Simulator(config).population(true).toList(), Duration.ZERO);
        log(String.format("Simulated traffic: %,d customers, their last %d days, %,d events at %d events/s "
                + "(EW_DEMO_CUSTOMERS, EW_DEMO_DAYS, EW_DEMO_RATE; 0 turns it off).", customers, days, events.size(), rate));
        try (LiveTraffic.Target target = LiveTraffic.rest(ingestUrl, token);
             Progress progress = Progress.lines("[early-warning] simulated traffic", events.size(), "events", System.out)) {
            LiveTraffic.Summary summary = LiveTraffic.send(events, target, rate, Math.max(1, Math.min(100, rate / 5)),
                    progress);
            log(String.format("Simulated traffic done: %,d accepted, %,d rejected.", summary.accepted(), summary.rejected()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log("Simulated traffic stopped: " + e.getMessage());
        }
    }

    /** One line per role, for {@code source}: the README's curl examples read these variables. */
    /** Opens the console in the desktop's browser, where there is one (EW_OPEN_CONSOLE=false: never). */
    private static void openInBrowser(Map<String, String> env, String url) {
        if ("false".equalsIgnoreCase(env.getOrDefault("EW_OPEN_CONSOLE", "true"))
                || java.awt.GraphicsEnvironment.isHeadless() || !java.awt.Desktop.isDesktopSupported()
                || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
            return;
        }
        try {
            java.awt.Desktop.getDesktop().browse(java.net.URI.create(url));
        } catch (Exception e) {
            log("Could not open a browser (" + e.getMessage() + "); open the console's link above.");
        }
    }

    private static Path writeTokens(DevTokens tokens, Path file) throws java.io.IOException {
        String lines = "export EW_WRITER_TOKEN=" + tokens.producer("demo") + "\n"
                + "export EW_VIEWER_TOKEN=" + tokens.forRole(DevTokens.VIEWER) + "\n"
                + "export EW_OPERATOR_TOKEN=" + tokens.forRole(DevTokens.OPERATOR) + "\n"
                + "export EW_ADMIN_TOKEN=" + tokens.forRole(DevTokens.ADMIN) + "\n"
                + "export EW_STAFF_TOKEN=" + tokens.staff("demo-staff") + "\n";
        Files.writeString(file, lines);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file stays under the user's own checkout.
        }
        return file;
    }

    private static String summary(String body) {
        StringBuilder out = new StringBuilder();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            out.append(m.group(1)).append('=').append(m.group(2)).append(' ');
        }
        return out.toString().trim();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static void log(String line) {
        System.out.println("[early-warning] " + line);
    }
}
