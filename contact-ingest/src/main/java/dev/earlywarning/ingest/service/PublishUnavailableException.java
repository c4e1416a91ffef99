package dev.earlywarning.ingest.service;

/** Kafka did not acknowledge the write in time: nothing was accepted, the client should retry. */
public class PublishUnavailableException extends RuntimeException {

    public PublishUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
