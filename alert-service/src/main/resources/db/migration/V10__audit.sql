-- Who created, changed, paused, rotated or deleted each subscription, and who changed each alert
-- (issue 19): written with the change, readable by admins (GET /audit).
CREATE TABLE audit_entry (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target_kind TEXT        NOT NULL,
    target_id   TEXT        NOT NULL,
    detail      TEXT
);
CREATE INDEX audit_entry_target ON audit_entry (target_kind, target_id, id);
CREATE INDEX audit_entry_at ON audit_entry (at);
