package dev.earlywarning.alerts.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DeliveryAlertRepository implements PanacheRepositoryBase<DeliveryAlert, DeliveryAlert.Key> {
}
