-- State and assessments are written and read whole, never queried inside: json (validated text)
-- costs PostgreSQL much less to take in than jsonb (parsed into its binary form). Measured by the
-- scoring benchmark (docs/benchmarks.md).
ALTER TABLE customer_health
    ALTER COLUMN state TYPE json USING state::json,
    ALTER COLUMN assessment TYPE json USING assessment::json;
ALTER TABLE health_history ALTER COLUMN assessment TYPE json USING assessment::json;
