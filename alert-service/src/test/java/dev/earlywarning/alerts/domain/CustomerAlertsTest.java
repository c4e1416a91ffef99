package dev.earlywarning.alerts.domain;

import static dev.earlywarning.alerts.domain.AlertTest.AT_T0;
import static dev.earlywarning.alerts.domain.AlertTest.TWO_EPISODES;
import static dev.earlywarning.alerts.domain.AlertTest.raised;
import static dev.earlywarning.alerts.domain.AlertTest.recovered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** What a signal does to one customer's alerts: one open alert per cause, recovery resolves them all. */
class CustomerAlertsTest {

    private static CustomerAlerts none() {
        return new CustomerAlerts(List.of(), Map.of(), TWO_EPISODES, UUID::randomUUID, AT_T0);
    }

    private static Signal ended(String id) {
        return new Signal(id, Signal.Kind.ENDED, "C-1", "retail", "relationship-ended", Severity.INFO, 40, 40,
                "AT_RISK", "AT_RISK", List.of(), null, "e10", AlertTest.T0, null);
    }

    @Test
    void oneOpenAlertPerCause() {
        CustomerAlerts alerts = none();
        assertThat(alerts.apply(raised("s1", "repeat-contact", Severity.WARNING, null)))
                .singleElement().extracting(CustomerAlerts.Change::opened).isEqualTo(true);
        assertThat(alerts.apply(raised("s2", "repeat-contact", Severity.CRITICAL, null)))
                .singleElement().satisfies(c -> {
                    assertThat(c.opened()).isFalse();
                    assertThat(c.step().event()).isEqualTo(AlertEventType.UPDATED);
                });
        assertThat(alerts.apply(raised("s3", "promises", Severity.WARNING, null)))
                .singleElement().extracting(CustomerAlerts.Change::opened).isEqualTo(true);
        assertThat(alerts.open()).extracting(Alert::cause).containsExactly("repeat-contact", "promises");
    }

    @Test
    void aRecoveryResolvesEveryOpenAlertAndNothingWhenNoneIsOpen() {
        CustomerAlerts alerts = none();
        assertThat(alerts.apply(recovered("s0"))).isEmpty();
        alerts.apply(raised("s1", "repeat-contact", Severity.WARNING, null));
        alerts.apply(raised("s2", "promises", Severity.WARNING, null));
        List<CustomerAlerts.Change> changes = alerts.apply(recovered("s3"));
        assertThat(changes).hasSize(2).allSatisfy(c -> {
            assertThat(c.alert().state().resolution()).isEqualTo(Alert.RECOVERED);
            assertThat(c.step().event()).isEqualTo(AlertEventType.RESOLVED);
        });
        assertThat(alerts.open()).isEmpty();
    }

    @Test
    void theCustomerLeavingResolvesItsAlertsAsChurnedAndARenewalChangesNothing() {
        CustomerAlerts alerts = none();
        alerts.apply(raised("s1", "exit-intent", Severity.CRITICAL, 0.7));
        assertThat(alerts.apply(new Signal("s2", Signal.Kind.RENEWED, "C-1", "retail", "relationship-renewed",
                Severity.INFO, 40, 40, "AT_RISK", "AT_RISK", List.of(), null, "e11", AlertTest.T0, null))).isEmpty();
        assertThat(alerts.apply(ended("s3"))).singleElement()
                .satisfies(c -> assertThat(c.alert().state().resolution()).isEqualTo(Alert.CHURNED));
    }

    @Test
    void aCauseThatKeepsComingBackOpensAsFlapping() {
        CustomerAlerts alerts = new CustomerAlerts(List.of(), Map.of("silence", 1), TWO_EPISODES, UUID::randomUUID,
                AT_T0);
        assertThat(alerts.apply(raised("s1", "silence", Severity.WARNING, null)).get(0).alert().flapping()).isFalse();
        alerts.apply(recovered("s2"));
        // The episode resolved in this batch counts: two within the window now.
        CustomerAlerts.Change third = alerts.apply(raised("s3", "silence", Severity.WARNING, null)).get(0);
        assertThat(third.alert().flapping()).isTrue();
        assertThat(third.step().notifies()).isFalse();
        // Another cause is not flapping.
        assertThat(alerts.apply(raised("s4", "promises", Severity.WARNING, null)).get(0).alert().flapping()).isFalse();
    }

    @Test
    void storedOpenAlertsAreUpdatedNotOpenedAgain() {
        Alert stored = AlertTest.open(Severity.WARNING);
        CustomerAlerts alerts = new CustomerAlerts(List.of(stored), Map.of(), TWO_EPISODES, UUID::randomUUID, AT_T0);
        CustomerAlerts.Change change = alerts.apply(raised("s9", "repeat-contact", Severity.CRITICAL, null)).get(0);
        assertThat(change.opened()).isFalse();
        assertThat(change.alert()).isSameAs(stored);
        assertThat(stored.severity()).isEqualTo(Severity.CRITICAL);
    }
}
