package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scorer remembers of one customer. Immutable: {@link #apply} returns the next state.
 *
 * @param lastContact the most recent perceived contact, if any
 * @param efforts recent Customer Effort Scores, newest last, at most {@link #MAX_EFFORTS}
 * @param recentEventIds the last event ids applied, to recognise a redelivered event
 * @param lastEventAt the newest event time seen (the scorer's clock in event-time mode)
 */
public record RelationshipState(String customerId, String segment, long eventCount, LastContact lastContact,
                                List<Effort> efforts, List<String> recentEventIds, Instant lastEventAt) {

    public static final int MAX_EFFORTS = 10;
    public static final int MAX_REMEMBERED_IDS = 32;

    /** The most recent perceived contact and how it went. */
    public record LastContact(String eventId, Instant at, String channel, ContactFact.Outcome outcome,
                              ContactFact.Sentiment sentiment) {
    }

    /** One Customer Effort Score answer (1 = effortless, 7 = most effort). */
    public record Effort(String eventId, Instant at, int score) {
    }

    public static RelationshipState empty(String customerId) {
        return new RelationshipState(customerId, null, 0, null, List.of(), List.of(), null);
    }

    public boolean hasSeen(String eventId) {
        return recentEventIds.contains(eventId);
    }

    public RelationshipState apply(ContactFact fact) {
        LastContact contact = lastContact;
        if (fact.type() == ContactFact.FactType.CONTACT && fact.perceived()
                && (contact == null || !fact.occurredAt().isBefore(contact.at()))) {
            contact = new LastContact(fact.eventId(), fact.occurredAt(), fact.channel(), fact.outcome(), fact.sentiment());
        }
        List<Effort> nextEfforts = efforts;
        if (fact.effortScore() != null) {
            nextEfforts = new ArrayList<>(efforts);
            nextEfforts.add(new Effort(fact.eventId(), fact.occurredAt(), fact.effortScore()));
            nextEfforts.sort((a, b) -> a.at().compareTo(b.at()));
            if (nextEfforts.size() > MAX_EFFORTS) {
                nextEfforts = nextEfforts.subList(nextEfforts.size() - MAX_EFFORTS, nextEfforts.size());
            }
            nextEfforts = List.copyOf(nextEfforts);
        }
        List<String> ids = new ArrayList<>(recentEventIds);
        ids.add(fact.eventId());
        if (ids.size() > MAX_REMEMBERED_IDS) {
            ids = ids.subList(ids.size() - MAX_REMEMBERED_IDS, ids.size());
        }
        Instant newest = lastEventAt == null || fact.occurredAt().isAfter(lastEventAt) ? fact.occurredAt() : lastEventAt;
        String nextSegment = fact.segment() != null ? fact.segment() : segment;
        return new RelationshipState(customerId, nextSegment, eventCount + 1, contact, nextEfforts, List.copyOf(ids),
                newest);
    }
}
