package dev.earlywarning.ingest.service;

import dev.earlywarning.ingest.event.ContactEvent;
import io.smallrye.mutiny.Uni;

/** Writes canonical events; the returned Uni completes only when the broker acknowledged. */
public interface ContactEventPublisher {

    Uni<Void> publish(ContactEvent event);
}
