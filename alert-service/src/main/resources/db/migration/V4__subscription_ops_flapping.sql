-- A paused subscription holds its deliveries until it is resumed.
ALTER TABLE subscription ADD COLUMN paused boolean NOT NULL DEFAULT false;
-- During a secret rotation both the new and the previous secret sign every request.
ALTER TABLE subscription ADD COLUMN previous_secret varchar(128);
ALTER TABLE subscription ADD COLUMN previous_secret_until timestamptz;
-- An alert that resolves and re-opens repeatedly is flapping: it is kept, but not notified each time.
ALTER TABLE alert ADD COLUMN flapping boolean NOT NULL DEFAULT false;
CREATE INDEX alert_customer_cause_resolved ON alert (customer_id, cause, resolved_at);
