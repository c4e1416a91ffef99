-- The churn risk an alert was raised at (the console ranks by it) and how it was resolved:
-- recovered (a recovery signal), operator (a person), churned (the customer left).
ALTER TABLE alert ADD COLUMN risk double precision;
ALTER TABLE alert ADD COLUMN resolution text;
CREATE INDEX alert_open_by_risk ON alert (risk DESC NULLS LAST) WHERE status <> 'RESOLVED';
CREATE INDEX alert_opened_at ON alert (opened_at);

-- What became of each customer: the ground truth the live accuracy is measured against.
CREATE TABLE customer_outcome (
    customer_id  text PRIMARY KEY,
    segment      text,
    ended_at     timestamptz,
    renewed_at   timestamptz,
    signal_id    text NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX customer_outcome_ended ON customer_outcome (ended_at) WHERE ended_at IS NOT NULL;
