package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.scorer.domain.ContactFact.Channel;
import dev.earlywarning.scorer.domain.ContactFact.FactType;
import dev.earlywarning.scorer.domain.ContactFact.Journey;
import dev.earlywarning.scorer.domain.ContactFact.Outcome;
import dev.earlywarning.scorer.domain.ContactFact.Sentiment;
import dev.earlywarning.scorer.policy.PolicyLoader;

/** The engine's compact snapshots: exact round trips, and a reloaded engine that goes on as if never stopped. */
class StateCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00.123456789Z");

    private static ScoringEngine engine() {
        return new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(), new ChurnRiskDetector());
    }

    /** Every kind of fact, with and without the optional fields, for a few customers, from a seed. */
    private static List<ContactFact> history(long seed, int customers, int events) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ContactFact> facts = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String customer = "cust-" + random.nextInt(customers);
            Instant at = T0.plus(Duration.ofMinutes(97L * i)).plusNanos(random.nextInt(1_000_000_000));
            String id = "evt-" + customer + "-" + i;
            FactType type = FactType.values()[random.nextInt(FactType.values().length)];
            ContactFact fact = ContactFact.of(id, customer, at, type)
                    .withSegment(random.nextBoolean() ? "retail" : null, random.nextInt(5) > 0);
            if (type == FactType.CONTACT) {
                fact = fact.withContact(random.nextInt(8) == 0 ? null : pick(random, Channel.values()),
                                random.nextInt(4) > 0, pick(random, Sentiment.values()), pick(random, Outcome.values()))
                        .withCase(random.nextBoolean() ? "CASE-" + random.nextInt(20) : null, pick(random, Journey.values()))
                        .withWait(random.nextBoolean() ? random.nextInt(3_600) : null)
                        .withScores(random.nextBoolean() ? 1 + random.nextInt(7) : null, null, null);
            } else if (type == FactType.SURVEY) {
                fact = fact.withScores(null, random.nextBoolean() ? random.nextInt(11) : null,
                        random.nextBoolean() ? 1 + random.nextInt(5) : null);
            } else if (type.name().startsWith("PROMISE")) {
                fact = fact.withPromise("P-" + random.nextInt(20), at.plus(Duration.ofHours(1 + random.nextInt(96))));
            } else {
                fact = fact.withCase("K-" + random.nextInt(20), Journey.COMPLAINT);
            }
            facts.add(fact);
        }
        return facts;
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    @Test
    void aSnapshotDecodesToTheSameStateAndRememberedHealth() {
        ScoringEngine engine = engine();
        int checked = 0;
        for (ContactFact fact : history(11, 40, 3_000)) {
            List<ScoringEngine.Outcome> outcomes = engine.apply(fact);
            for (ScoringEngine.Outcome o : outcomes) {
                StateCodec.Decoded decoded = StateCodec.decode(o.customerId(), o.snapshot());
                assertThat(decoded.state()).isEqualTo(o.state());
                assertThat(decoded.health()).isEqualTo(StateCodec.remembered(o.health()));
                assertThat(StateCodec.band(o.snapshot())).contains(o.health().band());
                checked++;
            }
            if (!outcomes.isEmpty()) {
                ScoringEngine.Outcome last = outcomes.get(outcomes.size() - 1);
                assertThat(StateCodec.nextTimer(last.snapshot())).isEqualTo(engine.nextTimer(fact.customerId()).orElse(null));
                assertThat(engine.customer(fact.customerId()).orElseThrow().state()).isEqualTo(last.state());
            }
        }
        assertThat(checked).isGreaterThan(3_000);
    }

    @Test
    void theRememberedHealthKeepsWhatTheDetectorComparesAndDropsTheTexts() {
        Driver driver = new Driver("repeat-contact", -22.5, "Third contact about one issue", Level.JOURNEY,
                List.of("e1", "e2", "e3"), "Call back", true);
        HealthAssessment health = new HealthAssessment(61, Band.WATCH, List.of(driver), 0.8, "v3", T0);

        HealthAssessment remembered = StateCodec.remembered(health);

        assertThat(remembered.score()).isEqualTo(61);
        assertThat(remembered.band()).isEqualTo(Band.WATCH);
        assertThat(remembered.drivers()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("repeat-contact");
            assertThat(d.points()).isEqualTo(-22.5);
            assertThat(d.critical()).isTrue();
            assertThat(d.reason()).isEmpty();
            assertThat(d.eventIds()).isEmpty();
        });
        byte[] bytes = StateCodec.encode(RelationshipState.empty("x"), remembered, null);
        assertThat(StateCodec.decode("x", bytes).health()).isEqualTo(remembered);
        assertThat(StateCodec.nextTimer(bytes)).isNull();
    }

    @Test
    void anEngineReloadedFromSnapshotsGoesOnExactlyLikeOneThatNeverStopped() {
        List<ContactFact> facts = history(29, 60, 4_000);
        int half = facts.size() / 2;
        Instant end = T0.plus(Duration.ofDays(800));
        ScoringEngine uninterrupted = engine();
        ScoringEngine stopped = engine();
        Map<String, byte[]> stored = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            List<ScoringEngine.Outcome> outcomes = uninterrupted.apply(facts.get(i));
            if (i < half) {
                stopped.apply(facts.get(i)).forEach(o -> stored.put(o.customerId(), o.snapshot()));
            } else {
                outcomes.forEach(o -> expected.add(seen(o)));
            }
        }
        uninterrupted.advanceTo(end).forEach(o -> expected.add(seen(o)));

        ScoringEngine reloaded = engine();
        stored.forEach(reloaded::loadSnapshot);
        List<String> actual = new ArrayList<>();
        for (int i = half; i < facts.size(); i++) {
            reloaded.apply(facts.get(i)).forEach(o -> actual.add(seen(o)));
        }
        reloaded.advanceTo(end).forEach(o -> actual.add(seen(o)));

        assertThat(actual).hasSizeGreaterThan(half).isEqualTo(expected);
        for (Band band : Band.values()) {
            assertThat(reloaded.countInBand(band)).as("customers in %s", band)
                    .isEqualTo(uninterrupted.countInBand(band));
        }
        assertThat(reloaded.size()).isEqualTo(uninterrupted.size());
    }

    @Test
    void aSnapshotIsAFractionOfTheJsonState() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        ScoringEngine engine = engine();
        Map<String, ScoringEngine.Outcome> latest = new HashMap<>();
        for (ContactFact fact : history(5, 50, 2_500)) {
            engine.apply(fact).forEach(o -> latest.put(o.customerId(), o));
        }
        long snapshotBytes = 0;
        long jsonBytes = 0;
        for (ScoringEngine.Outcome o : latest.values()) {
            snapshotBytes += o.snapshot().length;
            jsonBytes += json.writeValueAsBytes(o.state()).length + json.writeValueAsBytes(o.health()).length;
        }
        assertThat(snapshotBytes).isLessThan(jsonBytes / 4);
    }

    private static String seen(ScoringEngine.Outcome o) {
        return o.customerId() + " " + o.health().score() + " " + o.health().band() + " " + o.cause() + " "
                + o.signal().map(ChurnRiskSignal::signalId).orElse("-") + " " + o.health().drivers();
    }
}
