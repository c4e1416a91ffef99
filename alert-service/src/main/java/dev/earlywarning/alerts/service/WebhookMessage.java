package dev.earlywarning.alerts.service;

import java.time.Instant;

/** The body of a webhook request (Standard Webhooks style: type, timestamp, data). */
public record WebhookMessage(String type, Instant timestamp, AlertView data) {
}
