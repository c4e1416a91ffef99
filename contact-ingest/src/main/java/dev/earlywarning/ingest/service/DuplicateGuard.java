package dev.earlywarning.ingest.service;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.earlywarning.ingest.domain.EventIdIndex;
import io.smallrye.mutiny.Uni;

/**
 * Publishes an event id at most once within the window. A second request for an id still in
 * flight waits for the first: it is a duplicate if the first was written, and fails like the first
 * if it was not, so a client is never told "duplicate" for an event that was lost.
 */
public final class DuplicateGuard {

    private final EventIdIndex index;
    private final Clock clock;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    public DuplicateGuard(EventIdIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    /** True when written now, false when a duplicate; fails when the write failed. */
    public Uni<Boolean> publishOnce(String eventId, Supplier<Uni<Void>> publish) {
        if (index.contains(eventId)) {
            return Uni.createFrom().item(false);
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> earlier = inFlight.putIfAbsent(eventId, mine);
        if (earlier != null) {
            return Uni.createFrom().completionStage(earlier).map(written -> false);
        }
        if (index.contains(eventId)) { // written between the first check and the reservation
            inFlight.remove(eventId, mine);
            mine.complete(null);
            return Uni.createFrom().item(false);
        }
        return publish.get()
                .invoke(() -> {
                    index.add(eventId, clock.instant(), clock.instant());
                    inFlight.remove(eventId, mine);
                    mine.complete(null);
                })
                .onFailure().invoke(failure -> {
                    inFlight.remove(eventId, mine);
                    mine.completeExceptionally(failure);
                })
                .map(written -> true);
    }
}
