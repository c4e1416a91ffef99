-- The operator who took an alert on (the console's "take"); null while nobody has.
ALTER TABLE alert ADD COLUMN assignee TEXT;
CREATE INDEX alert_assignee_open ON alert (assignee) WHERE status <> 'RESOLVED';
-- A subscription's deliveries, newest first (the console's subscription page).
CREATE INDEX delivery_subscription_created ON delivery (subscription_id, created_at DESC);
