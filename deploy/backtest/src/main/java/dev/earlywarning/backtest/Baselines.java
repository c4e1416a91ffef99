package dev.earlywarning.backtest;

import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.CustomerHistory;
import java.time.Duration;
import java.time.Instant;

/**
 * The simple rules a team would use without this product, on the same events. Each keeps at most
 * one open alert per customer and opens a new one only after the condition cleared:
 * <ul>
 *   <li>NPS detractor: a survey answer of 0–6 opens; an answer of 7 or more clears.</li>
 *   <li>Negative last contact: a perceived contact tagged negative opens; a perceived contact tagged
 *       neutral or positive clears.</li>
 *   <li>30 days of silence: 30 days without a perceived contact opens (the period's start counts as
 *       the last contact); the next perceived contact clears.</li>
 *   <li>Cancellation enquiry: a contact about cancelling or switching opens; it clears after 60 days
 *       (a team reading exit intent without any other signal).</li>
 * </ul>
 */
final class Baselines {

    private static final long SILENCE = Duration.ofDays(30).toSeconds();
    private static final long ENQUIRY_CLEARS = Duration.ofDays(60).toSeconds();
    /** The random reference raises 0.1 alerts per customer per month: about the product's volume. */
    static final double RANDOM_PER_DAY = 0.1 / 30.44;

    private Baselines() {
    }

    static void replay(CustomerHistory history, Instant start, Instant end, CustomerAlerts.Builder alerts) {
        boolean detractor = false;
        boolean negative = false;
        boolean silent = false;
        long lastEnquiry = Long.MIN_VALUE / 2;
        long lastContact = start.getEpochSecond();
        long endSeconds = end.getEpochSecond();
        for (ContactEvent event : history.events()) {
            long at = event.occurredAt().getEpochSecond();
            if (!silent && at - lastContact >= SILENCE) {
                alerts.opened(Detectors.SILENCE_30_DAYS, lastContact + SILENCE);
                silent = true;
            }
            if (event.nps() != null) {
                if (event.nps() <= 6 && !detractor) {
                    alerts.opened(Detectors.NPS_DETRACTOR, at);
                    detractor = true;
                } else if (event.nps() >= 7) {
                    detractor = false;
                }
            }
            if ("cancellation".equals(event.journey()) && at - lastEnquiry >= ENQUIRY_CLEARS) {
                alerts.opened(Detectors.CANCELLATION_ENQUIRY, at);
                lastEnquiry = at;
            }
            if (perceivedContact(event)) {
                lastContact = at;
                silent = false;
                if ("negative".equals(event.sentiment()) && !negative) {
                    alerts.opened(Detectors.NEGATIVE_LAST_CONTACT, at);
                    negative = true;
                } else if (event.sentiment() != null && !"negative".equals(event.sentiment())) {
                    negative = false;
                }
            }
        }
        if (!silent && lastContact + SILENCE < endSeconds) {
            alerts.opened(Detectors.SILENCE_30_DAYS, lastContact + SILENCE);
        }
        // Seeded by the customer, so the reference is as reproducible as the rest.
        java.util.SplittableRandom random = new java.util.SplittableRandom(history.truth().customerId().hashCode());
        for (long at = start.getEpochSecond(); ; ) {
            at += (long) (-Math.log(1 - random.nextDouble()) / RANDOM_PER_DAY * 86_400);
            if (at >= endSeconds) {
                break;
            }
            alerts.opened(Detectors.RANDOM, at);
        }
    }

    /** A contact the customer experienced: not a survey, not a functional mailing. */
    static boolean perceivedContact(ContactEvent event) {
        return !"survey".equals(event.type()) && !Boolean.FALSE.equals(event.perceived());
    }
}
