-- Grouping: a subscription may collect alert changes for a short window into one request.
ALTER TABLE subscription ADD COLUMN group_window_seconds integer NOT NULL DEFAULT 0;

-- Which alerts a delivery carries (one, or several when grouped).
CREATE TABLE delivery_member (
    delivery_id uuid NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    alert_id    uuid NOT NULL REFERENCES alert (id),
    PRIMARY KEY (delivery_id, alert_id)
);
CREATE INDEX delivery_member_alert ON delivery_member (alert_id);
INSERT INTO delivery_member (delivery_id, alert_id) SELECT id, alert_id FROM delivery;
