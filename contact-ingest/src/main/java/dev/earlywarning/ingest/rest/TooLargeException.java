package dev.earlywarning.ingest.rest;

/** The request is larger than the documented limits. */
public class TooLargeException extends RuntimeException {

    public TooLargeException(String message) {
        super(message);
    }
}
