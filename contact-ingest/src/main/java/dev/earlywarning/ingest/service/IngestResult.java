package dev.earlywarning.ingest.service;

/** What happened to one event. */
public record IngestResult(String eventId, String customerId, Status status) {

    public enum Status { ACCEPTED }
}
