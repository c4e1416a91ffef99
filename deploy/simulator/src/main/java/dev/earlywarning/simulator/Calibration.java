package dev.earlywarning.simulator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of the domain page, measured on a simulated population: what share would buy again
 * after a negative, neutral and positive last experience (SAMR 2018 via seed 002), and the NPS of
 * customers with much and with barely any perceived contact (seed 002).
 *
 * @param repurchase share answering "would buy again", by last experience
 * @param npsMuchContact NPS (promoters minus detractors, in points) of customers with six or more perceived contacts in the period
 * @param npsLittleContact NPS of customers with at most one perceived contact
 * @param churnRate share of customers who cancelled in the period
 * @param relationshipChurnShare share of the churners whose reason was the relationship
 */
public record Calibration(Map<Valence, Double> repurchase, double npsMuchContact, double npsLittleContact,
                          double churnRate, double relationshipChurnShare, long decisions, long npsAnswers) {

    static final int MUCH_CONTACT = 6;
    static final int LITTLE_CONTACT = 1;

    public static Calibration measure(List<CustomerHistory> population) {
        Map<Valence, long[]> answers = new EnumMap<>(Valence.class);
        long[] much = new long[3];
        long[] little = new long[3];
        long churned = 0;
        long relationship = 0;
        long decisions = 0;
        long npsCount = 0;
        for (CustomerHistory customer : population) {
            for (CustomerHistory.Decision decision : customer.decisions()) {
                decisions++;
                if (decision.lastExperience() != null) {
                    long[] a = answers.computeIfAbsent(decision.lastExperience(), v -> new long[2]);
                    a[0] += decision.wouldBuyAgain() ? 1 : 0;
                    a[1]++;
                }
            }
            int contacts = customer.truth().perceivedContacts();
            long[] group = contacts >= MUCH_CONTACT ? much : contacts <= LITTLE_CONTACT ? little : null;
            for (int nps : customer.npsAnswers()) {
                npsCount++;
                if (group != null) {
                    group[nps >= 9 ? 0 : nps <= 6 ? 1 : 2]++;
                }
            }
            if (customer.truth().churned()) {
                churned++;
                relationship += "relationship".equals(customer.truth().reason()) ? 1 : 0;
            }
        }
        Map<Valence, Double> repurchase = new EnumMap<>(Valence.class);
        answers.forEach((valence, a) -> repurchase.put(valence, a[0] / (double) a[1]));
        return new Calibration(repurchase, nps(much), nps(little), churned / (double) population.size(),
                churned == 0 ? 0 : relationship / (double) churned, decisions, npsCount);
    }

    private static double nps(long[] group) {
        long total = group[0] + group[1] + group[2];
        return total == 0 ? Double.NaN : 100.0 * (group[0] - group[1]) / total;
    }

    public String describe(SimulationConfig.Calibration target) {
        return """
                would buy again after a negative last experience: %5.1f%%  (target %4.1f%%)
                would buy again after a neutral last experience:  %5.1f%%  (target %4.1f%%)
                would buy again after a positive last experience: %5.1f%%  (target %4.1f%%)
                NPS, much contact (>= %d perceived contacts):       %5.1f   (target %4.1f)
                NPS, little contact (<= %d perceived contact):      %5.1f   (target %4.1f)
                churn in the period: %.1f%% (%.0f%% of it relationship-driven); %d decisions, %d NPS answers
                """.formatted(
                100 * repurchase.getOrDefault(Valence.NEGATIVE, Double.NaN), 100 * target.repurchaseAfterNegative(),
                100 * repurchase.getOrDefault(Valence.NEUTRAL, Double.NaN), 100 * target.repurchaseAfterNeutral(),
                100 * repurchase.getOrDefault(Valence.POSITIVE, Double.NaN), 100 * target.repurchaseAfterPositive(),
                MUCH_CONTACT, npsMuchContact, target.npsMuchContact(),
                LITTLE_CONTACT, npsLittleContact, target.npsLittleContact(),
                100 * churnRate, 100 * relationshipChurnShare, decisions, npsAnswers);
    }
}
