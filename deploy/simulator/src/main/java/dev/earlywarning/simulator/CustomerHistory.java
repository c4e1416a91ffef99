package dev.earlywarning.simulator;

import java.util.List;

/**
 * One simulated customer: its events in time order, its ground truth, the moments it weighed
 * staying (kept for calibration, never emitted as events), the outcomes its organisation records
 * (a churner's {@code relationship_ended}, kept apart so detectors replayed from {@code events} never
 * see them), and how many cancellation enquiries it made without leaving.
 */
public record CustomerHistory(GroundTruth truth, List<ContactEvent> events, List<Decision> decisions,
                              List<Integer> npsAnswers, List<ContactEvent> outcomes, int enquiriesWhileStaying) {

    /**
     * A moment the customer weighed staying.
     *
     * @param lastExperience valence of the most recent perceived experience, or null if it had none
     * @param wouldBuyAgain the customer's answer had it been asked "would you buy from us again?"
     */
    public record Decision(Valence lastExperience, boolean wouldBuyAgain) {
    }
}
