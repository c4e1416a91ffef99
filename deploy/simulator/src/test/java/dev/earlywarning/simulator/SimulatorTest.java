package dev.earlywarning.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static SimulationConfig config;
    private static Simulator simulator;
    private static List<CustomerHistory> population;

    @BeforeAll
    static void simulate() {
        config = SimulationConfig.read(Path.of("simulation.yaml")).withCustomers(3_000);
        simulator = new Simulator(config);
        population = simulator.population(true).toList();
    }

    @Test
    void theSameSeedGivesTheSameHistoryInAnyOrder() {
        Simulator again = new Simulator(config);
        assertThat(again.actOnIntent()).isEqualTo(simulator.actOnIntent());
        // Sequential, reversed: customer i does not depend on who was generated before it.
        for (int i = config.customers() - 1; i >= 0; i -= 7) {
            CustomerHistory customer = again.customer(i);
            assertThat(customer.events()).isEqualTo(population.get(i).events());
            assertThat(customer.truth()).isEqualTo(population.get(i).truth());
        }
    }

    @Test
    void anotherSeedGivesAnotherHistory() {
        Simulator other = new Simulator(config.withSeed(config.seed() + 1));
        long same = IntStream.range(0, 200)
                .filter(i -> other.customer(i).events().equals(population.get(i).events()))
                .count();
        assertThat(same).isZero();
    }

    @Test
    void everyEventMatchesThePublishedSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../../docs/schemas/contact-event.v1.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Set<String> types = new HashSet<>();
        for (CustomerHistory customer : population.subList(0, 500)) {
            List<ContactEvent> all = new java.util.ArrayList<>(customer.events());
            all.addAll(customer.outcomes());
            for (ContactEvent event : all) {
                JsonNode json = Output.JSON.readTree(Output.json(event));
                assertThat(schema.validate(json)).as(json.toString()).isEmpty();
                types.add(event.type());
            }
        }
        assertThat(types).contains("contact", "survey", "promise_made", "promise_kept", "promise_broken",
                "complaint_opened", "complaint_resolved", "complaint_reopened", "relationship_ended");
    }

    @Test
    void eventsAreInTimeOrderWithinThePeriodAndStopAtChurn() {
        Set<String> ids = new HashSet<>();
        for (CustomerHistory customer : population) {
            List<ContactEvent> events = customer.events();
            for (int i = 0; i < events.size(); i++) {
                ContactEvent event = events.get(i);
                assertThat(ids.add(event.eventId())).as("unique id %s", event.eventId()).isTrue();
                assertThat(event.customerId()).isEqualTo(customer.truth().customerId());
                assertThat(event.occurredAt()).isAfterOrEqualTo(config.start()).isBefore(config.end());
                if (i > 0) {
                    assertThat(event.occurredAt()).isAfterOrEqualTo(events.get(i - 1).occurredAt());
                }
                if (customer.truth().churned()) {
                    assertThat(event.occurredAt()).isBefore(customer.truth().churnedAt());
                }
            }
        }
    }

    @Test
    void thePopulationHasItsConfiguredMix() {
        long sme = population.stream().filter(c -> c.truth().segment().equals("sme")).count();
        long silent = population.stream().filter(c -> c.truth().silent()).count();
        assertThat(sme / (double) population.size()).isCloseTo(config.segments().get("sme").share(),
                org.assertj.core.data.Offset.offset(0.03));
        // Silent customers have barely any perceived contact; the others have several.
        double silentContacts = population.stream().filter(c -> c.truth().silent())
                .mapToInt(c -> c.truth().perceivedContacts()).average().orElseThrow();
        double otherContacts = population.stream().filter(c -> !c.truth().silent())
                .mapToInt(c -> c.truth().perceivedContacts()).average().orElseThrow();
        assertThat(silent).isPositive();
        assertThat(silentContacts).isLessThan(1.5);
        assertThat(otherContacts).isGreaterThan(4 * silentContacts);
    }

    @Test
    void relationshipChurnersDecideBeforeTheyCancelAndSomeAskFirst() {
        List<GroundTruth> churners = population.stream().map(CustomerHistory::truth)
                .filter(t -> "relationship".equals(t.reason())).toList();
        assertThat(churners).isNotEmpty();
        assertThat(churners).allSatisfy(t -> assertThat(t.decidedAt()).isBefore(t.churnedAt()));
        long asked = population.stream().filter(c -> "relationship".equals(c.truth().reason()))
                .filter(c -> c.events().stream().anyMatch(e -> "cancellation".equals(e.journey()))).count();
        assertThat(asked / (double) churners.size())
                .isCloseTo(config.behaviour().switchingEnquiry(), org.assertj.core.data.Offset.offset(0.08));
    }

    @Test
    void customersAskAboutCancellingAndStayAboutAsOftenAsLeaversAsk() {
        long stayers = population.stream().mapToLong(CustomerHistory::enquiriesWhileStaying).sum();
        long all = population.stream().flatMap(c -> c.events().stream())
                .filter(e -> "cancellation".equals(e.journey())).count();
        assertThat(stayers).isPositive();
        // The documented assumption: about as many enquiries from customers who stay as from leavers.
        assertThat(stayers / (double) all).isBetween(0.3, 0.7);
        // An enquiry is no proof of leaving: some who asked never left.
        assertThat(population.stream().filter(c -> !c.truth().churned())
                .filter(c -> c.events().stream().anyMatch(e -> "cancellation".equals(e.journey())))).isNotEmpty();
    }

    @Test
    void everyChurnerHasItsOutcomeAndNoOneElse() {
        assertThat(population).allSatisfy(c -> {
            assertThat(c.outcomes()).hasSize(c.truth().churned() ? 1 : 0);
            c.outcomes().forEach(o -> {
                assertThat(o.type()).isEqualTo("relationship_ended");
                assertThat(o.occurredAt()).isEqualTo(c.truth().churnedAt());
                assertThat(o.customerId()).isEqualTo(c.truth().customerId());
            });
            // The outcome is not among the events detectors are replayed from.
            assertThat(c.events()).noneMatch(ContactEvent::relationshipOutcome);
        });
    }

    @Test
    void everyCustomersContractDateIsKnownFromTheStartAndFallsWithinTheYear() {
        assertThat(population).allSatisfy(c -> {
            List<ContactEvent> due = c.events().stream().filter(e -> "renewal_due".equals(e.type())).toList();
            assertThat(due).singleElement().satisfies(e -> {
                assertThat(e.occurredAt()).isEqualTo(config.start());
                assertThat(e.effectiveAt()).isAfterOrEqualTo(config.start())
                        .isBefore(config.start().plus(java.time.Duration.ofDays(365)));
            });
        });
        // The date is when customers decide, not a verdict: most stay past it.
        long passedAndStayed = population.stream().filter(c -> !c.truth().churned()).filter(c -> c.events().stream()
                .anyMatch(e -> "renewal_due".equals(e.type()) && e.effectiveAt().isBefore(config.end()))).count();
        assertThat(passedAndStayed).isGreaterThan(population.size() / 2);
    }

    @Test
    void filesKeepTheTruthApartFromTheEvents(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<CustomerHistory> few = population.subList(0, 50);
        Output.write(dir, config, few);
        List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
        List<String> truth = Files.readAllLines(dir.resolve("ground-truth.jsonl"));
        assertThat(events).hasSize(few.stream().mapToInt(c -> c.events().size() + c.outcomes().size()).sum());
        long churners = few.stream().filter(c -> c.truth().churned()).count();
        assertThat(events.stream().filter(line -> line.contains("\"relationship_ended\""))).hasSize((int) churners);
        assertThat(Files.readAllLines(dir.resolve("outcomes.csv"))).hasSize((int) churners + 1)
                .first().isEqualTo("customerId,endedAt");
        assertThat(events).noneMatch(line -> line.contains("churn"));
        assertThat(truth).hasSize(50);
        assertThat(SimulationConfig.read(dir.resolve("simulation.yaml"))).isEqualTo(config);
        for (int i = 1; i < events.size(); i++) {
            String previous = Output.JSON.readTree(events.get(i - 1)).get("occurredAt").asText();
            String current = Output.JSON.readTree(events.get(i)).get("occurredAt").asText();
            assertThat(java.time.Instant.parse(current)).isAfterOrEqualTo(java.time.Instant.parse(previous));
        }
    }
}
