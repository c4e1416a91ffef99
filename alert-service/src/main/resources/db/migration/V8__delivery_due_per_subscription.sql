-- Each subscription's due deliveries, oldest first: the dispatcher claims at most a few per
-- endpoint at a time (its lanes), so one slow endpoint cannot take the claims of every other.
CREATE INDEX delivery_due_per_subscription ON delivery (subscription_id, next_attempt_at) WHERE status = 'PENDING';
