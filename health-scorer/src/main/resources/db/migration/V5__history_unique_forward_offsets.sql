-- One history row per customer and cause (an event id, or timer@<time>): a batch stored twice (a
-- rebalance race, a re-delivery) cannot double a customer's history. Earlier doubles are removed.
DELETE FROM health_history h USING health_history d
 WHERE h.customer_id = d.customer_id AND h.cause = d.cause AND h.id > d.id;
CREATE UNIQUE INDEX health_history_customer_cause ON health_history (customer_id, cause);
