-- The retention purge (HistoryRetention) finds old history rows by time.
CREATE INDEX health_history_assessed_at ON health_history (assessed_at);
