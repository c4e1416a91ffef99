-- Alerts: one open (not resolved) alert per customer and cause.
CREATE TABLE alert (
    id                 uuid PRIMARY KEY,
    customer_id        varchar(128) NOT NULL,
    segment            varchar(64),
    cause              varchar(64)  NOT NULL,
    status             varchar(16)  NOT NULL,
    severity           varchar(16)  NOT NULL,
    score_before       integer,
    score_after        integer      NOT NULL,
    band_before        varchar(16),
    band_after         varchar(16)  NOT NULL,
    drivers            jsonb        NOT NULL, -- {"drivers": [...]}: the scorer's explanation
    recommended_action text         NOT NULL,
    last_signal_id     varchar(64)  NOT NULL,
    opened_at          timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    acknowledged_at    timestamptz,
    resolved_at        timestamptz,
    version            bigint       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX alert_one_open_per_customer_cause ON alert (customer_id, cause) WHERE status <> 'RESOLVED';
CREATE INDEX alert_status_opened ON alert (status, opened_at DESC);

-- Signals already applied: a re-delivered or re-emitted signal changes nothing.
CREATE TABLE processed_signal (
    signal_id    varchar(64) PRIMARY KEY,
    processed_at timestamptz NOT NULL
);

-- Webhook subscriptions of operations teams.
CREATE TABLE subscription (
    id           uuid PRIMARY KEY,
    name         varchar(128) NOT NULL,
    url          text         NOT NULL,
    secret       varchar(128) NOT NULL,
    filter       jsonb        NOT NULL,
    active       boolean      NOT NULL,
    created_at   timestamptz  NOT NULL,
    disabled_reason text
);

-- The outbox: written in the same transaction as the alert change, sent by the dispatcher.
CREATE TABLE delivery (
    id              uuid PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    alert_id        uuid        NOT NULL REFERENCES alert (id),
    event_type      varchar(32) NOT NULL,
    payload         text        NOT NULL,
    status          varchar(16) NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_alert ON delivery (alert_id);
