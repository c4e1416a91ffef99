package dev.earlywarning.alerts.domain;

/**
 * Decides what a signal does to the alerts of its customer: one open alert per customer and cause.
 * Plain Java; the service applies the decision.
 */
public final class AlertRules {

    /** The outcome for one signal. */
    public enum Decision {
        /** No open alert for this customer and cause: open one. */
        OPEN,
        /** An open alert exists: refresh it with the new score and drivers. */
        UPDATE,
        /** Recovery, or the customer left: resolve the customer's open alerts. */
        RESOLVE,
        /** Nothing to do to alerts (a recovery without open alerts, a renewal). */
        IGNORE
    }

    public Decision decide(Signal signal, boolean openAlertExists) {
        if (signal.kind() == Signal.Kind.RENEWED) {
            return Decision.IGNORE;
        }
        if (signal.kind() == Signal.Kind.RECOVERED || signal.kind() == Signal.Kind.ENDED) {
            return openAlertExists ? Decision.RESOLVE : Decision.IGNORE;
        }
        return openAlertExists ? Decision.UPDATE : Decision.OPEN;
    }

    /** A severity only escalates while an alert is open. */
    public Severity escalate(Severity current, Severity incoming) {
        return incoming.atLeast(current) ? incoming : current;
    }
}
