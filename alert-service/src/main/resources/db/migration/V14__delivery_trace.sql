-- The W3C trace context of the signal behind a delivery (null when tracing is off): the webhook
-- request continues the trace of the event that caused it, in a traceparent header.
ALTER TABLE delivery ADD COLUMN traceparent text;
