package dev.earlywarning.scorer.domain;

import java.time.Instant;

/** Test data builders for contact facts. */
final class Facts {

    private Facts() {
    }

    static ContactFact contact(String eventId, Instant at, ContactFact.Sentiment sentiment, ContactFact.Outcome outcome,
                               Integer effort) {
        return new ContactFact(eventId, "C-1", at, "retail", ContactFact.FactType.CONTACT, "phone", true, true, "T-1",
                outcome, sentiment, effort, null);
    }
}
