package dev.earlywarning.system.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The alert rules for the system itself: valid for Prometheus ({@code promtool check rules}), each
 * firing on synthetic series and quiet on healthy ones ({@code promtool test rules}), the same in
 * the PrometheusRule, and each with its runbook in docs/operations.md. promtool comes from Debian's
 * {@code prometheus} package; without it the test fails with the command that installs it.
 */
class AlertRulesTest {

    static final Path ROOT = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath().normalize();
    static final Path RULES = ROOT.resolve("deploy/prometheus/early-warning.rules.yml");
    static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/early-warning.rules.test.yml");
    static final Path PROMETHEUS_RULE = ROOT.resolve("deploy/kubernetes/base/prometheus-rule.yaml");
    static final Path RUNBOOKS = ROOT.resolve("docs/operations.md");
    static final String INSTALL = "sudo apt-get install -y prometheus";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Path.of(System.getProperty("promtool", "/usr/bin/promtool"));
        if (!Files.isExecutable(promtool)) {
            throw new AssertionError(promtool + " is missing: the alert rules' tests need Debian's prometheus package."
                    + " Install it with: " + INSTALL);
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }

    @Test
    void theRulesAreValidPrometheusRules() throws Exception {
        assertThat(promtool("check", "rules", RULES.getFileName().toString())).contains("SUCCESS: 10 rules found");
    }

    @Test
    void everyRuleFiresOnItsSyntheticSeriesAndNoneOnAHealthySystem() throws Exception {
        assertThat(promtool("test", "rules", RULE_TESTS.getFileName().toString())).contains("SUCCESS");
        List<String> tested = new ArrayList<>();
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).get("tests")) {
            for (JsonNode check : test.get("alert_rule_test")) {
                if (!check.get("exp_alerts").isEmpty()) {
                    tested.add(check.get("alertname").asText());
                }
            }
        }
        assertThat(tested).as("rules shown firing").containsAll(alertNames(YAML.readTree(RULES.toFile())));
    }

    @Test
    void thePrometheusRuleCarriesTheSameRulesAsTheRulesFile() throws IOException {
        JsonNode resource = YAML.readTree(PROMETHEUS_RULE.toFile());
        assertThat(resource.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(resource.get("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(resource.at("/spec/groups")).isEqualTo(YAML.readTree(RULES.toFile()).get("groups"));
    }

    @Test
    void everyRuleHasARunbookInTheOperationsGuide() throws IOException {
        String guide = Files.readString(RUNBOOKS);
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name = rule.get("alert").asText();
                assertThat(rule.at("/annotations/runbook").asText()).isEqualTo("docs/operations.md#" + name.toLowerCase());
                assertThat(guide).as("a runbook section for " + name).contains("### " + name + "\n");
                assertThat(rule.at("/labels/severity").asText()).isIn("warning", "critical");
            }
        }
    }

    static List<String> alertNames(JsonNode rules) {
        List<String> names = new ArrayList<>();
        rules.get("groups").forEach(g -> g.get("rules").forEach(r -> names.add(r.get("alert").asText())));
        return names;
    }
}
