-- The retention purge (Retention) finds old rows of each kind by time.
CREATE INDEX alert_event_created_at ON alert_event (created_at);
CREATE INDEX delivery_finished_created_at ON delivery (created_at) WHERE status IN ('DELIVERED', 'FAILED');
CREATE INDEX processed_signal_processed_at ON processed_signal (processed_at);
CREATE INDEX alert_resolved_at ON alert (resolved_at) WHERE status = 'RESOLVED';
