package dev.earlywarning.commons.security;

/**
 * The roles a bearer token carries (claim {@code groups} unless {@code SMALLRYE_JWT_PATH_GROUPS} names
 * another). They do not include one another: an operator who also administers holds both.
 */
public final class Roles {

    /** Producing systems: post contact events. */
    public static final String EVENT_WRITER = "event-writer";
    /** Read alerts, health, history, the live stream. */
    public static final String VIEWER = "viewer";
    /** Act on alerts: acknowledge, resolve, snooze, record outcomes (and read). */
    public static final String OPERATOR = "operator";
    /** Subscriptions, secret rotation, replay, audit, erasure (and read). */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
