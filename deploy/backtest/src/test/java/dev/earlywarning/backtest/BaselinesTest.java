package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.CustomerHistory;
import dev.earlywarning.simulator.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(120));

    private static Instant day(int n) {
        return START.plus(Duration.ofDays(n));
    }

    private static ContactEvent contact(int day, String sentiment, Boolean perceived) {
        return new ContactEvent("e" + day, "C1", day(day), "retail", "test", "contact", "phone", "inbound", perceived,
                null, null, null, null, sentiment, null, null, null, null, null, null, null);
    }

    private static ContactEvent survey(int day, int nps) {
        return new ContactEvent("s" + day, "C1", day(day), "retail", "test", "survey", "email", "outbound", null,
                null, null, null, null, null, null, nps, null, null, null, null, null);
    }

    private static List<Long> alerts(String detector, ContactEvent... events) {
        GroundTruth truth = new GroundTruth("C1", "retail", false, false, null, null, null, 0);
        CustomerAlerts.Builder builder = new CustomerAlerts.Builder(truth);
        Baselines.replay(new CustomerHistory(truth, List.of(events), List.of(), List.of(), List.of(), 0), START, END, builder);
        return builder.build().openedAt().getOrDefault(detector, new ArrayList<>());
    }

    @Test
    void aDetractorAnswerAlertsOnceUntilALaterAnswerClearsIt() {
        assertThat(alerts(Detectors.NPS_DETRACTOR, survey(5, 3), survey(10, 6), survey(20, 8), survey(30, 2)))
                .containsExactly(day(5).getEpochSecond(), day(30).getEpochSecond());
    }

    @Test
    void aNegativeContactAlertsUntilAContactThatIsNotNegative() {
        assertThat(alerts(Detectors.NEGATIVE_LAST_CONTACT, contact(5, "negative", null), contact(6, "negative", null),
                contact(7, null, null), contact(8, "neutral", null), contact(9, "negative", null)))
                .containsExactly(day(5).getEpochSecond(), day(9).getEpochSecond());
    }

    @Test
    void thirtyDaysWithoutAPerceivedContactAlertsAndFunctionalMailDoesNotCount() {
        // Silence from the start to day 40 (alert on day 30), contact on day 40, then a functional letter on
        // day 60 that the customer does not perceive: silent again from day 70.
        assertThat(alerts(Detectors.SILENCE_30_DAYS, contact(40, "neutral", null), contact(60, null, Boolean.FALSE),
                survey(65, 9))).containsExactly(day(30).getEpochSecond(), day(70).getEpochSecond());
    }
}
