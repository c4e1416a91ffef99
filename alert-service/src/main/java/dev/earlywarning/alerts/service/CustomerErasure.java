package dev.earlywarning.alerts.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.earlywarning.alerts.persistence.Retention;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * A customer's erasure, as the scorer's ERASED signal asks: its alerts with their history, outcomes,
 * deliveries (pending ones are never sent), live-stream events and audit entries, and its recorded
 * outcome, in one transaction. Repeating it changes nothing.
 */
@ApplicationScoped
public class CustomerErasure {

    private static final Logger LOG = Logger.getLogger(CustomerErasure.class);

    private final Retention retention;
    private final MeterRegistry registry;

    public CustomerErasure(Retention retention, MeterRegistry registry) {
        this.retention = retention;
        this.registry = registry;
    }

    public Uni<Void> erase(String customerId) {
        return retention.eraseCustomer(customerId).invoke(alerts -> {
            registry.counter("ew.alerts.erasures").increment();
            // The customer id is not logged: the erasure would otherwise leave it behind in the logs.
            LOG.infof("Erased a customer: %d alerts with their history and deliveries", alerts);
        }).replaceWithVoid();
    }
}
