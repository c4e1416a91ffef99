package dev.earlywarning.ingest.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.earlywarning.ingest.event.ContactEvent;

/** Writes canonical events. */
public interface ContactEventPublisher {

    /**
     * Sends the events in order, one stage per event: it completes when the broker acknowledged that
     * event (acks=all) and fails when the event could not be written. Never throws.
     */
    List<CompletableFuture<Void>> publish(List<ContactEvent> events);
}
