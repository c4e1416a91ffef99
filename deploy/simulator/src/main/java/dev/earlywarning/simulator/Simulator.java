package dev.earlywarning.simulator;

import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A simulated population. Customer {@code i} is the same history on every call, in any order and
 * on any thread: it depends only on the config (seed included) and {@code i}.
 */
public final class Simulator {

    /** Customers simulated to solve {@link #actOnIntent()}; enough for a churn rate within a point. */
    static final int PILOT_CUSTOMERS = 6_000;

    private final SimulationConfig config;
    private final double actOnIntent;

    public Simulator(SimulationConfig config) {
        this.config = config;
        this.actOnIntent = solveActOnIntent(config);
    }

    public SimulationConfig config() {
        return config;
    }

    /**
     * How readily a customer who would not buy again actually leaves at a decision moment (switching
     * costs keep many). Solved by bisection on a pilot of the population so that the configured
     * annual churn rate comes out; not a free parameter.
     */
    public double actOnIntent() {
        return actOnIntent;
    }

    public CustomerHistory customer(int index) {
        return new CustomerSimulation(config, index, actOnIntent).run();
    }

    /** The whole population; parallel when asked, still reproducible. */
    public Stream<CustomerHistory> population(boolean parallel) {
        IntStream indexes = IntStream.range(0, config.customers());
        return (parallel ? indexes.parallel() : indexes).mapToObj(this::customer);
    }

    /** The churn over the simulated period that the configured annual rate implies. */
    public static double targetChurn(SimulationConfig config) {
        return 1 - Math.pow(1 - config.annualChurnRate(), config.days() / 365.0);
    }

    private static double solveActOnIntent(SimulationConfig config) {
        double target = targetChurn(config);
        int pilot = PILOT_CUSTOMERS;
        double low = 0;
        double high = 1;
        if (churn(config, pilot, high) < target) {
            throw new IllegalArgumentException(("annualChurnRate %.3f is out of reach: even customers who always act on "
                    + "their intent churn less; raise reconsiderAfterNegative or lower the bond means")
                    .formatted(config.annualChurnRate()));
        }
        for (int i = 0; i < 20; i++) {
            double mid = (low + high) / 2;
            if (churn(config, pilot, mid) < target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    private static double churn(SimulationConfig config, int pilot, double actOnIntent) {
        long churned = IntStream.range(0, pilot).parallel()
                .filter(i -> new CustomerSimulation(config, i, actOnIntent).run().truth().churned())
                .count();
        return churned / (double) pilot;
    }
}
