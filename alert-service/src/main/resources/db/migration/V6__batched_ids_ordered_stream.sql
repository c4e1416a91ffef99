-- Alert changes and transitions get ids from sequences in blocks of 50, so a batch of signals
-- inserts them in batched statements instead of one round trip per row (ids from the identity
-- column come back one insert at a time).
DO $$
BEGIN
    EXECUTE format('CREATE SEQUENCE alert_event_seq INCREMENT BY 50 START WITH %s',
                   (SELECT coalesce(max(id), 0) + 51 FROM alert_event));
    EXECUTE format('CREATE SEQUENCE alert_transition_seq INCREMENT BY 50 START WITH %s',
                   (SELECT coalesce(max(id), 0) + 51 FROM alert_transition));
END $$;

-- The live stream reads changes in (transaction, id) order, and only those of transactions older
-- than every transaction still running: a change committed late with a smaller id can no longer be
-- skipped by a reader that has moved past it (concurrent batches, several instances).
ALTER TABLE alert_event ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX alert_event_tx_id ON alert_event (tx, id);
