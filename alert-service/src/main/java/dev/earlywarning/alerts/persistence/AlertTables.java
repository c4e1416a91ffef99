package dev.earlywarning.alerts.persistence;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.alerts.domain.Alert;
import dev.earlywarning.commons.persistence.RecordTable;
import dev.earlywarning.commons.persistence.RecordTable.Type;

/**
 * The column specification of every alert-service table, once: the select lists, the batch
 * {@code unnest} arrays and the row mappings of {@link AlertStore}, {@link SubscriptionStore} and
 * {@link dev.earlywarning.alerts.delivery.DeliveryQueue} come from here. Adding a column to a table is
 * its migration, its record, and one line here.
 */
@Singleton
public class AlertTables {

    /** The drivers are stored as {@code {"drivers": [...]}}, the shape the first release wrote. */
    final RecordTable<Alert.State> alerts;
    final RecordTable<AlertTransition> transitions;
    final RecordTable<AlertOutcome> alertOutcomes;
    final RecordTable<AlertStore.CustomerOutcome> customerOutcomes;
    final RecordTable<Subscription> subscriptions;
    public final RecordTable<Delivery> deliveries;
    final RecordTable<Delivery.Member> members;
    final RecordTable<AuditEntry> audit;

    public AlertTables(ObjectMapper json) {
        alerts = RecordTable.of("alert", Alert.State.class)
                .column("id", Type.UUID).column("customer_id", Type.TEXT).column("segment", Type.TEXT)
                .column("cause", Type.TEXT).column("status", Type.TEXT).column("severity", Type.TEXT)
                .column("score_before", Type.INT).column("score_after", Type.INT)
                .column("band_before", Type.TEXT).column("band_after", Type.TEXT)
                .jsonIn("drivers", "drivers").column("recommended_action", Type.TEXT)
                .column("last_signal_id", Type.TEXT).column("opened_at", Type.TIMESTAMPTZ)
                .column("updated_at", Type.TIMESTAMPTZ).column("acknowledged_at", Type.TIMESTAMPTZ)
                .column("resolved_at", Type.TIMESTAMPTZ).column("snoozed_until", Type.TIMESTAMPTZ)
                .column("snooze_reason", Type.TEXT).column("flapping", Type.BOOL).column("version", Type.BIGINT)
                .column("risk", Type.FLOAT8).column("resolution", Type.TEXT)
                .column("assignee", Type.TEXT)
                .build(json);
        transitions = RecordTable.of("alert_transition", AlertTransition.class)
                .generated("id", Type.BIGINT, "nextval('alert_transition_seq')")
                .column("alert_id", Type.UUID).column("action", Type.TEXT).column("from_status", Type.TEXT)
                .column("to_status", Type.TEXT).column("actor", Type.TEXT).column("note", Type.TEXT)
                .column("at", Type.TIMESTAMPTZ)
                .build(json);
        alertOutcomes = RecordTable.of("alert_outcome", AlertOutcome.class)
                .column("alert_id", Type.UUID).column("action_taken", Type.TEXT).column("useful", Type.BOOL)
                .column("recorded_by", Type.TEXT).column("recorded_at", Type.TIMESTAMPTZ)
                .build(json);
        customerOutcomes = RecordTable.of("customer_outcome", AlertStore.CustomerOutcome.class)
                .column("customer_id", Type.TEXT).column("segment", Type.TEXT).column("ended_at", Type.TIMESTAMPTZ)
                .column("renewed_at", Type.TIMESTAMPTZ).column("signal_id", Type.TEXT)
                .column("updated_at", Type.TIMESTAMPTZ)
                .build(json);
        subscriptions = RecordTable.of("subscription", Subscription.class)
                .column("id", Type.UUID).column("name", Type.TEXT).column("url", Type.TEXT).column("secret", Type.TEXT)
                .column("filter", Type.JSONB).column("active", Type.BOOL).column("created_at", Type.TIMESTAMPTZ)
                .column("disabled_reason", Type.TEXT).column("paused", Type.BOOL)
                .column("group_window_seconds", Type.INT).column("previous_secret", Type.TEXT)
                .column("previous_secret_until", Type.TIMESTAMPTZ)
                .build(json);
        deliveries = RecordTable.of("delivery", Delivery.class)
                .column("id", Type.UUID).column("subscription_id", Type.UUID).column("alert_id", Type.UUID)
                .column("event_type", Type.TEXT).column("payload", Type.TEXT).column("status", Type.TEXT)
                .column("attempts", Type.INT).column("next_attempt_at", Type.TIMESTAMPTZ)
                .column("last_status", Type.INT).column("last_error", Type.TEXT)
                .column("created_at", Type.TIMESTAMPTZ).column("delivered_at", Type.TIMESTAMPTZ)
                .column("traceparent", Type.TEXT)
                .build(json);
        members = RecordTable.of("delivery_member", Delivery.Member.class)
                .column("delivery_id", Type.UUID).column("alert_id", Type.UUID)
                .build(json);
        audit = RecordTable.of("audit_entry", AuditEntry.class)
                .generated("id", Type.BIGINT, "nextval('audit_entry_id_seq')")
                .column("at", Type.TIMESTAMPTZ).column("actor", Type.TEXT).column("action", Type.TEXT)
                .column("target_kind", Type.TEXT).column("target_id", Type.TEXT).column("detail", Type.TEXT)
                .build(json);
    }
}
