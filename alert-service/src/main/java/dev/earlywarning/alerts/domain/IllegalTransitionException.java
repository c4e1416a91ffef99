package dev.earlywarning.alerts.domain;

/** An operator asked for a lifecycle step the alert's status does not allow. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
