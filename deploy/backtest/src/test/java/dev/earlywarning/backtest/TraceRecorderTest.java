package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.RiskFeatures;
import dev.earlywarning.scorer.policy.PolicyLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorded features: the scorer's own, and the frontier report's short memory of negative experiences. */
class TraceRecorderTest {

    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

    private static ContactFact contact(String id, int day, ContactFact.Sentiment sentiment, ContactFact.Outcome outcome) {
        return ContactFact.of(id, "c-1", START.plus(Duration.ofDays(day)), ContactFact.FactType.CONTACT)
                .withContact(ContactFact.Channel.PHONE, true, sentiment, outcome)
                .withSegment("retail", true);
    }

    private static final List<ContactFact> FACTS = List.of(
            contact("e-1", 0, ContactFact.Sentiment.NEGATIVE, ContactFact.Outcome.RESOLVED),
            contact("e-2", 10, ContactFact.Sentiment.POSITIVE, ContactFact.Outcome.RESOLVED));

    @Test
    void theScorersFeaturesOnlyUnlessAsked() {
        CustomerTrace trace = new TraceRecorder(PolicyLoader.builtIn(), new long[0])
                .record("c-1", FACTS, Long.MAX_VALUE, START.plus(Duration.ofDays(11)));
        assertThat(trace.assessments()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.x()).hasSize(RiskFeatures.NAMES.size()));
    }

    @Test
    void recentNegativesWeighHalfAsMuchEveryHalfLifeAndTheRecencyFadesOver45Days() {
        CustomerTrace trace = new TraceRecorder(PolicyLoader.builtIn(), new long[0], true)
                .record("c-1", FACTS, Long.MAX_VALUE, START.plus(Duration.ofDays(11)));
        CustomerTrace.Point second = trace.assessments().stream()
                .filter(p -> p.at() == START.plus(Duration.ofDays(10)).getEpochSecond())
                .findFirst().orElseThrow();
        int base = RiskFeatures.NAMES.size();
        assertThat(second.x()).hasSize(base + TraceRecorder.RECENT_NEGATIVES.size());
        assertThat((double) second.x()[base]).isCloseTo(0.5, within(1e-6));
        assertThat((double) second.x()[base + 1]).isCloseTo(Math.pow(0.5, 10 / 30.0), within(1e-6));
        assertThat((double) second.x()[base + 2]).isCloseTo(1 - 10 / 45.0, within(1e-6));
    }
}
