-- Every batch of signals looks up the deliveries that grouping subscriptions are still collecting
-- alerts into (not sent yet), by subscription: an index over exactly those rows.
CREATE INDEX delivery_collecting ON delivery (subscription_id, created_at) WHERE status = 'PENDING' AND attempts = 0;

-- The outbox is a queue: every row is inserted, claimed, marked delivered and then left alone.
-- Vacuum it often, so the partial indexes over waiting rows (above, delivery_due) do not fill up
-- with entries of rows long delivered, which every claim and the pending-deliveries gauge visit.
ALTER TABLE delivery SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02);
