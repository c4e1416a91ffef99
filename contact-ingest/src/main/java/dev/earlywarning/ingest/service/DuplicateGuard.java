package dev.earlywarning.ingest.service;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.earlywarning.ingest.domain.EventIdIndex;

/**
 * Lets an event id be published at most once per source system within the window (keys from
 * {@link #key}: one producer cannot pre-claim another's ids). A second request for an id still
 * in flight waits for the first: it is a duplicate if the first was written, and fails like the
 * first if it was not, so a client is never told "duplicate" for an event that was lost.
 */
public final class DuplicateGuard {

    private static final CompletableFuture<Void> WRITTEN = CompletableFuture.completedFuture(null);

    /**
     * The answer to {@link #claim}: either {@code granted} (the caller publishes, then calls
     * {@link #written} or {@link #failed}), or not, and {@code earlier} completes normally when the
     * id is a duplicate and fails when the earlier write failed.
     */
    public record Claim(String eventId, boolean granted, CompletableFuture<Void> earlier) {
    }

    private final EventIdIndex index;
    private final Clock clock;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** The de-duplication key of an event: its id within its source system. */
    public static String key(String sourceSystem, String eventId) {
        return (sourceSystem == null ? "" : sourceSystem) + '\u001f' + eventId;
    }

    public DuplicateGuard(EventIdIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    public Claim claim(String eventId) {
        if (index.contains(eventId)) {
            return new Claim(eventId, false, WRITTEN);
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> earlier = inFlight.putIfAbsent(eventId, mine);
        if (earlier != null) {
            return new Claim(eventId, false, earlier);
        }
        if (index.contains(eventId)) { // written between the first check and the reservation
            inFlight.remove(eventId, mine);
            mine.complete(null);
            return new Claim(eventId, false, WRITTEN);
        }
        return new Claim(eventId, true, mine);
    }

    /** The granted claim's event was acknowledged: the id is remembered, waiting requests are duplicates. */
    public void written(Claim claim) {
        index.add(claim.eventId(), clock.instant(), clock.instant());
        inFlight.remove(claim.eventId(), claim.earlier());
        claim.earlier().complete(null);
    }

    /** The granted claim's event was not written: the id is free again, waiting requests fail alike. */
    public void failed(Claim claim, Throwable failure) {
        inFlight.remove(claim.eventId(), claim.earlier());
        claim.earlier().completeExceptionally(failure);
    }
}
