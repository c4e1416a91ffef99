-- The scorer keeps each customer as a compact binary snapshot (StateCodec) and stores the same
-- bytes: a reload copies them instead of parsing JSON. Rows written before keep their JSON state
-- until the customer is next scored; the reload reads either.
ALTER TABLE customer_health
    ADD COLUMN snapshot bytea,
    ALTER COLUMN state DROP NOT NULL;
