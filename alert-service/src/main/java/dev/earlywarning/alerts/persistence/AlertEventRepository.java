package dev.earlywarning.alerts.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;

@ApplicationScoped
public class AlertEventRepository implements PanacheRepository<AlertEvent> {
}
