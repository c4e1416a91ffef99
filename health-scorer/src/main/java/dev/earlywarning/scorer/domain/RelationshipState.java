package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the scorer remembers of one customer: bounded summaries of the facts each rule needs.
 * Immutable; {@link #apply} returns the next state. Facts may arrive out of order: each summary
 * keeps event times, so "the last contact" is the newest by event time, not by arrival.
 *
 * @param tone how the perceived contacts felt lately, or null before the first with a sentiment
 * @param endedAt when the customer left (a {@code relationship_ended} outcome), or null while it stays:
 *        an ended relationship is closed, it raises no more signals
 * @param renewsAt when the customer's contract next comes up for renewal (the latest {@code renewal_due}),
 *        or null when no contract date is known
 * @param recoveredAt when the customer last fell back below the alert line, or null: the start of the
 *        policy's quiet period
 */
public record RelationshipState(String customerId, String segment, long eventCount, Instant firstEventAt,
                                Instant lastEventAt, List<String> recentEventIds, LastContact lastContact,
                                Instant lastPerceivedAt, List<Effort> efforts, Map<String, CaseTrack> cases,
                                List<Wait> waits, Map<String, Promise> promises, Map<String, Complaint> complaints,
                                List<Outbound> outbound, List<Survey> surveys, List<JourneyMark> exitMarks,
                                List<ScorePoint> recentScores, Tone tone, Instant endedAt,
                                Instant renewsAt, Instant recoveredAt) {

    static final int MAX_IDS = 32;
    static final int MAX_ITEMS = 12;
    static final int MAX_TRACKED = 16;
    static final int MAX_OUTBOUND = 30;

    /** The most recent perceived contact and how it went. */
    public record LastContact(String eventId, Instant at, ContactFact.Channel channel, ContactFact.Outcome outcome,
                              ContactFact.Sentiment sentiment) {
    }

    /** One Customer Effort Score answer (1 = effortless, 7 = most effort). */
    public record Effort(String eventId, Instant at, int score) {
    }

    /** The contacts about one case (issue or ticket reference). */
    public record CaseTrack(String caseRef, List<String> eventIds, List<Instant> contactTimes,
                            List<ContactFact.Channel> channels, Instant lastAt) {
    }

    /** A waiting or response time, or an abandoned contact. */
    public record Wait(String eventId, Instant at, ContactFact.Channel channel, Integer waitSeconds, boolean abandoned) {
    }

    /** A promise: made with a due time, then kept or broken, or overdue when neither came in time. */
    public record Promise(String promiseId, Instant madeAt, Instant dueAt, Status status, Instant settledAt,
                          List<String> eventIds) {
        public enum Status { OPEN, KEPT, BROKEN }
    }

    /** A complaint, by its case reference (or the opening event's id). */
    public record Complaint(String key, Instant openedAt, Instant resolvedAt, int reopened, List<String> eventIds) {
        public boolean open() {
            return resolvedAt == null;
        }
    }

    /** An outbound contact not asked for by the customer. */
    public record Outbound(String eventId, Instant at) {
    }

    /** A survey answer. */
    public record Survey(String eventId, Instant at, Integer nps, Integer csat) {
    }

    /** A contact in an exit journey (cancellation) or at a renewal. */
    public record JourneyMark(String eventId, Instant at, ContactFact.Journey journey) {
    }

    /** A past score, for detecting a sharp fall. */
    public record ScorePoint(Instant at, int score) {
    }

    /**
     * The feel of the relationship beyond the last contact: negative and positive perceived contacts,
     * each weighing half as much every {@link #HALF_LIFE} (a memory of months, where the last contact is
     * a memory of one moment). Weights as of {@code at}.
     */
    public record Tone(double negative, double positive, Instant at) {
        public static final java.time.Duration HALF_LIFE = java.time.Duration.ofDays(90);

        /** The weights as of {@code now} (never later than now: an older event is added decayed). */
        public double[] asOf(Instant now) {
            double factor = ScoringPolicy.decay(java.time.Duration.between(at, now), HALF_LIFE);
            return new double[] {negative * factor, positive * factor};
        }

        Tone with(ContactFact.Sentiment sentiment, Instant when) {
            Instant newest = when.isAfter(at) ? when : at;
            double old = ScoringPolicy.decay(java.time.Duration.between(at, newest), HALF_LIFE);
            double added = ScoringPolicy.decay(java.time.Duration.between(when, newest), HALF_LIFE);
            return new Tone(negative * old + (sentiment == ContactFact.Sentiment.NEGATIVE ? added : 0),
                    positive * old + (sentiment == ContactFact.Sentiment.POSITIVE ? added : 0), newest);
        }
    }

    public static RelationshipState empty(String customerId) {
        return new RelationshipState(customerId, null, 0, null, null, List.of(), null, null, List.of(), Map.of(),
                List.of(), Map.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, null);
    }

    public boolean ended() {
        return endedAt != null;
    }

    /**
     * Whether this event was applied before (a redelivery): by its id within its source, or, for a
     * state stored before ids were kept per source, by its bare id.
     */
    public boolean hasSeen(ContactFact fact) {
        return recentEventIds.contains(fact.seenKey())
                || fact.sourceSystem() != null && recentEventIds.contains(fact.eventId());
    }

    public RelationshipState apply(ContactFact fact) {
        Instant at = fact.occurredAt();
        LastContact contact = lastContact;
        Instant perceivedAt = lastPerceivedAt;
        boolean isContact = fact.type() == ContactFact.FactType.CONTACT;
        if (isContact && fact.perceived()) {
            if (contact == null || !at.isBefore(contact.at())) {
                contact = new LastContact(fact.eventId(), at, fact.channel(), fact.outcome(), fact.sentiment());
            }
            perceivedAt = perceivedAt == null || at.isAfter(perceivedAt) ? at : perceivedAt;
        }
        List<Effort> nextEfforts = fact.effortScore() == null ? efforts
                : newest(efforts, new Effort(fact.eventId(), at, fact.effortScore()), Effort::at, MAX_ITEMS);
        Map<String, CaseTrack> nextCases = cases;
        if (isContact && fact.caseRef() != null) {
            nextCases = track(cases, fact.caseRef(), MAX_TRACKED, existing -> {
                List<String> ids = append(existing == null ? List.of() : existing.eventIds(), fact.eventId(), MAX_ITEMS);
                List<Instant> times = append(existing == null ? List.of() : existing.contactTimes(), at, MAX_ITEMS);
                List<ContactFact.Channel> channels = append(existing == null ? List.of() : existing.channels(),
                        fact.channel() == null ? ContactFact.Channel.OTHER : fact.channel(), MAX_ITEMS);
                Instant last = existing == null || at.isAfter(existing.lastAt()) ? at : existing.lastAt();
                return new CaseTrack(fact.caseRef(), ids, times, channels, last);
            }, CaseTrack::lastAt);
        }
        List<Wait> nextWaits = waits;
        boolean abandoned = fact.outcome() == ContactFact.Outcome.ABANDONED;
        if (isContact && fact.inbound() && (fact.waitSeconds() != null || abandoned)) {
            nextWaits = newest(waits, new Wait(fact.eventId(), at, fact.channel(), fact.waitSeconds(), abandoned),
                    Wait::at, MAX_ITEMS);
        }
        Map<String, Promise> nextPromises = applyPromise(fact);
        Map<String, Complaint> nextComplaints = applyComplaint(fact);
        List<Outbound> nextOutbound = outbound;
        if (isContact && !fact.inbound() && fact.caseRef() == null) {
            nextOutbound = newest(outbound, new Outbound(fact.eventId(), at), Outbound::at, MAX_OUTBOUND);
        }
        List<Survey> nextSurveys = surveys;
        if (fact.nps() != null || fact.csat() != null) {
            nextSurveys = newest(surveys, new Survey(fact.eventId(), at, fact.nps(), fact.csat()), Survey::at, MAX_ITEMS);
        }
        List<JourneyMark> nextExit = exitMarks;
        if (fact.journey() == ContactFact.Journey.CANCELLATION || fact.journey() == ContactFact.Journey.RENEWAL) {
            nextExit = newest(exitMarks, new JourneyMark(fact.eventId(), at, fact.journey()), JourneyMark::at, MAX_ITEMS);
        }
        Tone nextTone = tone;
        if (isContact && fact.perceived() && fact.sentiment() != null) {
            nextTone = tone == null ? new Tone(0, 0, at).with(fact.sentiment(), at) : tone.with(fact.sentiment(), at);
        }
        Instant ended = switch (fact.type()) {
            case RELATIONSHIP_ENDED -> fact.effectiveAt() != null ? fact.effectiveAt() : at;
            case RELATIONSHIP_RENEWED -> null;
            default -> endedAt;
        };
        Instant first = firstEventAt == null || at.isBefore(firstEventAt) ? at : firstEventAt;
        Instant newest = lastEventAt == null || at.isAfter(lastEventAt) ? at : lastEventAt;
        return new RelationshipState(customerId, fact.segment() != null ? fact.segment() : segment, eventCount + 1,
                first, newest, append(recentEventIds, fact.seenKey(), MAX_IDS), contact, perceivedAt, nextEfforts,
                nextCases, nextWaits, nextPromises, nextComplaints, nextOutbound, nextSurveys, nextExit, recentScores,
                nextTone, ended, fact.type() == ContactFact.FactType.RENEWAL_DUE && fact.effectiveAt() != null
                        ? fact.effectiveAt() : renewsAt, recoveredAt);
    }

    /** The state with a new score remembered (for sharp-fall detection), keeping a bounded window. */
    public RelationshipState withScore(Instant at, int score) {
        return new RelationshipState(customerId, segment, eventCount, firstEventAt, lastEventAt, recentEventIds,
                lastContact, lastPerceivedAt, efforts, cases, waits, promises, complaints, outbound, surveys,
                exitMarks, newest(recentScores, new ScorePoint(at, score), ScorePoint::at, MAX_OUTBOUND), tone, endedAt,
                renewsAt, recoveredAt);
    }

    /** The state with the customer's recovery from the alert line at {@code at} remembered. */
    public RelationshipState withRecoveredAt(Instant at) {
        return new RelationshipState(customerId, segment, eventCount, firstEventAt, lastEventAt, recentEventIds,
                lastContact, lastPerceivedAt, efforts, cases, waits, promises, complaints, outbound, surveys,
                exitMarks, recentScores, tone, endedAt, renewsAt, at);
    }

    private Map<String, Promise> applyPromise(ContactFact fact) {
        if (fact.promiseId() == null) {
            return promises;
        }
        return switch (fact.type()) {
            case PROMISE_MADE -> track(promises, fact.promiseId(), MAX_TRACKED, existing -> existing != null
                    ? existing : new Promise(fact.promiseId(), fact.occurredAt(), fact.promiseDueAt(),
                    Promise.Status.OPEN, null, List.of(fact.eventId())), Promise::madeAt);
            case PROMISE_KEPT, PROMISE_BROKEN -> track(promises, fact.promiseId(), MAX_TRACKED, existing -> {
                Promise.Status status = fact.type() == ContactFact.FactType.PROMISE_KEPT
                        ? Promise.Status.KEPT : Promise.Status.BROKEN;
                List<String> ids = append(existing == null ? List.of() : existing.eventIds(), fact.eventId(), MAX_ITEMS);
                return existing == null
                        ? new Promise(fact.promiseId(), fact.occurredAt(), fact.occurredAt(), status, fact.occurredAt(), ids)
                        : new Promise(existing.promiseId(), existing.madeAt(), existing.dueAt(), status,
                        fact.occurredAt(), ids);
            }, Promise::madeAt);
            default -> promises;
        };
    }

    private Map<String, Complaint> applyComplaint(ContactFact fact) {
        String key = fact.caseRef() != null ? fact.caseRef() : fact.eventId();
        return switch (fact.type()) {
            case COMPLAINT_OPENED -> track(complaints, key, MAX_TRACKED, existing -> existing != null ? existing
                    : new Complaint(key, fact.occurredAt(), null, 0, List.of(fact.eventId())), Complaint::openedAt);
            case COMPLAINT_RESOLVED -> complaints.containsKey(key) ? track(complaints, key, MAX_TRACKED, c ->
                    new Complaint(key, c.openedAt(), fact.occurredAt(), c.reopened(),
                            append(c.eventIds(), fact.eventId(), MAX_ITEMS)), Complaint::openedAt) : complaints;
            case COMPLAINT_REOPENED -> track(complaints, key, MAX_TRACKED, c -> c == null
                    ? new Complaint(key, fact.occurredAt(), null, 1, List.of(fact.eventId()))
                    : new Complaint(key, c.openedAt(), null, c.reopened() + 1,
                    append(c.eventIds(), fact.eventId(), MAX_ITEMS)), Complaint::openedAt);
            default -> complaints;
        };
    }

    /** Adds an item and keeps the newest {@code max} by time. */
    static <T> List<T> newest(List<T> items, T item, java.util.function.Function<T, Instant> time, int max) {
        List<T> next = new ArrayList<>(items);
        next.add(item);
        next.sort(Comparator.comparing(time));
        return List.copyOf(next.size() > max ? next.subList(next.size() - max, next.size()) : next);
    }

    static <T> List<T> append(List<T> items, T item, int max) {
        List<T> next = new ArrayList<>(items);
        next.add(item);
        return List.copyOf(next.size() > max ? next.subList(next.size() - max, next.size()) : next);
    }

    /** Updates one entry of a bounded map; beyond {@code max} the entry with the oldest time goes. */
    static <T> Map<String, T> track(Map<String, T> map, String key, int max, UnaryOperator<T> update,
                                    java.util.function.Function<T, Instant> time) {
        Map<String, T> next = new LinkedHashMap<>(map);
        next.put(key, update.apply(map.get(key)));
        while (next.size() > max) {
            String oldest = next.entrySet().stream().min(Comparator.comparing(e -> time.apply(e.getValue())))
                    .map(Map.Entry::getKey).orElseThrow();
            next.remove(oldest);
        }
        // Sorted by key: rules iterate these maps, and Map.copyOf's order differs from JVM to JVM,
        // which would make ties (two cases with as many contacts) resolve differently after a restart.
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(next));
    }
}
