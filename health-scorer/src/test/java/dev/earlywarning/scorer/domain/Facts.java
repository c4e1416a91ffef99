package dev.earlywarning.scorer.domain;

import java.time.Instant;

import dev.earlywarning.scorer.domain.ContactFact.Channel;
import dev.earlywarning.scorer.domain.ContactFact.FactType;
import dev.earlywarning.scorer.domain.ContactFact.Outcome;
import dev.earlywarning.scorer.domain.ContactFact.Sentiment;

/** Test data builders for contact facts of customer C-1. */
final class Facts {

    private Facts() {
    }

    static ContactFact contact(String eventId, Instant at, Sentiment sentiment, Outcome outcome, Integer effort) {
        return ContactFact.of(eventId, "C-1", at, FactType.CONTACT)
                .withContact(Channel.PHONE, true, sentiment, outcome)
                .withCase("T-" + eventId, null)
                .withScores(effort, null, null);
    }

    static ContactFact call(String eventId, Instant at, Channel channel, String caseRef, Sentiment sentiment) {
        return ContactFact.of(eventId, "C-1", at, FactType.CONTACT).withContact(channel, true, sentiment, null)
                .withCase(caseRef, null);
    }

    static ContactFact fact(String eventId, Instant at, FactType type) {
        return ContactFact.of(eventId, "C-1", at, type);
    }
}
