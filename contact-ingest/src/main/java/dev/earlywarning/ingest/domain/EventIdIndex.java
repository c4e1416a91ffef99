package dev.earlywarning.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event ids published within the de-duplication window. Thread-safe. Ids older than the window
 * are evicted, and so are the oldest ones beyond {@code maxIds}, which bounds memory.
 */
public final class EventIdIndex {

    private record Entry(String eventId, long seenAtMillis) {
    }

    private final Duration window;
    private final int maxIds;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Deque<Entry> order = new ArrayDeque<>(); // guarded by this

    public EventIdIndex(Duration window, int maxIds) {
        this.window = window;
        this.maxIds = maxIds;
    }

    public Duration window() {
        return window;
    }

    public boolean contains(String eventId) {
        return seen.containsKey(eventId);
    }

    /** Records an id as published at {@code at}; evicts what has fallen out of the window as of {@code now}. */
    public synchronized void add(String eventId, Instant at, Instant now) {
        long millis = at.toEpochMilli();
        seen.put(eventId, millis);
        order.addLast(new Entry(eventId, millis));
        evict(now);
    }

    public int size() {
        return seen.size();
    }

    private void evict(Instant now) {
        long cutoff = now.minus(window).toEpochMilli();
        Entry oldest;
        while ((oldest = order.peekFirst()) != null && (oldest.seenAtMillis() < cutoff || seen.size() > maxIds)) {
            order.pollFirst();
            // A later sighting of the same id keeps it: remove only the entry of this sighting.
            seen.remove(oldest.eventId(), oldest.seenAtMillis());
        }
    }
}
