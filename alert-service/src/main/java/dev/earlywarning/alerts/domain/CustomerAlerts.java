package dev.earlywarning.alerts.domain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One customer's alerts and what a signal does to them: one open alert per cause (a raised risk
 * opens one or updates it), a recovery or the customer leaving resolves them all, a renewal leaves
 * them be. Counts the episodes each cause resolved, so a cause that keeps coming back opens as
 * flapping.
 */
public final class CustomerAlerts {

    /** One alert's change: the alert, the step, and whether the step opened it. */
    public record Change(Alert alert, Alert.Step step, boolean opened) {
    }

    private final List<Alert> alerts = new ArrayList<>();
    private final Map<String, Integer> resolvedRecently;
    private final Alert.Flapping flapping;
    private final Supplier<UUID> ids;
    private final Clock clock;

    /**
     * @param open the customer's alerts not resolved
     * @param resolvedRecently by cause, the episodes resolved within the flapping window
     */
    public CustomerAlerts(List<Alert> open, Map<String, Integer> resolvedRecently, Alert.Flapping flapping,
                          Supplier<UUID> ids, Clock clock) {
        this.alerts.addAll(open);
        this.resolvedRecently = new HashMap<>(resolvedRecently);
        this.flapping = flapping;
        this.ids = ids;
        this.clock = clock;
    }

    /** Applies one signal; the changes in the order they happened. */
    public List<Change> apply(Signal signal) {
        return switch (signal.kind()) {
            case RISK_RAISED -> List.of(raise(signal));
            case RECOVERED -> resolveAll(signal, Alert.RECOVERED, "recovery signal " + signal.signalId());
            case ENDED -> resolveAll(signal, Alert.CHURNED, "the customer left (signal " + signal.signalId() + ")");
            case RENEWED, ERASED -> List.of();
        };
    }

    private Change raise(Signal signal) {
        for (Alert alert : alerts) {
            if (!alert.resolved() && alert.cause().equals(signal.cause())) {
                return new Change(alert, alert.update(signal, clock), false);
            }
        }
        Alert.Opened opened = Alert.raise(ids.get(), signal, resolvedRecently.getOrDefault(signal.cause(), 0),
                flapping, clock);
        alerts.add(opened.alert());
        return new Change(opened.alert(), opened.step(), true);
    }

    private List<Change> resolveAll(Signal signal, String how, String note) {
        List<Change> changes = new ArrayList<>();
        for (Alert alert : alerts) {
            if (!alert.resolved()) {
                changes.add(new Change(alert, alert.recover(signal, how, note, clock), false));
                resolvedRecently.merge(alert.cause(), 1, Integer::sum);
            }
        }
        return changes;
    }

    /** The customer's alerts not resolved. */
    public List<Alert> open() {
        return alerts.stream().filter(a -> !a.resolved()).toList();
    }
}
