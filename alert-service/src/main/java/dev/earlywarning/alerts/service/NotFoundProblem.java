package dev.earlywarning.alerts.service;

/** The addressed alert or subscription does not exist. */
public class NotFoundProblem extends RuntimeException {

    public NotFoundProblem(String message) {
        super(message);
    }
}
