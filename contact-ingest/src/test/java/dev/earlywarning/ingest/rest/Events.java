package dev.earlywarning.ingest.rest;

import java.time.Instant;
import java.util.UUID;

/** Test data: contact events as their producers would send them. */
final class Events {

    private Events() {
    }

    static String id() {
        return "evt-" + UUID.randomUUID();
    }

    static String customer() {
        return "C-" + UUID.randomUUID();
    }

    static String contact(String eventId, String customerId) {
        return """
                {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"contact","channel":"phone",
                 "direction":"inbound","journey":"complaint","caseRef":"T-1","outcome":"unresolved",
                 "sentiment":"negative","effortScore":6,"segment":"retail","sourceSystem":"crm",
                 "someFutureField":"is ignored"}""".formatted(eventId, customerId, Instant.now());
    }
}
