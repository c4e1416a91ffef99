-- The event behind each history row, as the scorer read it: the console marks it on the customer's
-- chart and lists it under the drivers it fed. Written whole, never queried inside: json.
ALTER TABLE health_history ADD COLUMN event json;
