package dev.earlywarning.backtest;

import dev.earlywarning.simulator.GroundTruth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts every detector raised on one customer: for each detector, the times (epoch seconds)
 * at which it opened an alert, in order.
 */
record CustomerAlerts(GroundTruth truth, Map<String, List<Long>> openedAt) {

    static final class Builder {
        private final GroundTruth truth;
        private final Map<String, List<Long>> openedAt = new LinkedHashMap<>();

        Builder(GroundTruth truth) {
            this.truth = truth;
        }

        void opened(String detector, long at) {
            openedAt.computeIfAbsent(detector, d -> new ArrayList<>()).add(at);
        }

        CustomerAlerts build() {
            return new CustomerAlerts(truth, openedAt);
        }
    }
}
