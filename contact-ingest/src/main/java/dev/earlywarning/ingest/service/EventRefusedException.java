package dev.earlywarning.ingest.service;

/**
 * Kafka refused the event for what it is, not for an outage: sending it again unchanged cannot
 * succeed, so the client hears so (413 when it is too large) instead of a 503 forever.
 */
public class EventRefusedException extends RuntimeException {

    private final boolean tooLarge;

    public EventRefusedException(String message, boolean tooLarge, Throwable cause) {
        super(message, cause);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
