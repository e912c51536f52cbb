-- The EventBridge API (issue 16): rules and their targets, connections, API destinations,
-- archives and replays of each account's event bus, and the events put on buses. Every account
-- has the bus `default` implicitly; `bus_name` columns leave room for others. Names a caller
-- spells are compared exactly, as the ARNs built from them are (sql/0012), so every name column
-- states ascii_bin; free text states utf8mb4_bin. No API answer contains a sealed column.

-- Rules: EventPattern is EventBridge's JSON text (validated before it is stored, at most 4096
-- characters); role_arn is kept and returned as EventBridge does, never used.
CREATE TABLE event_rules (
    rule_id       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id    CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bus_name      VARCHAR(256)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name          VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    event_pattern TEXT            CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    state         ENUM('ENABLED', 'DISABLED') CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    description   VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    role_arn      VARCHAR(1600)   CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at    DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at    DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (rule_id),
    UNIQUE KEY event_rules_name (account_id, bus_name, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Targets of a rule (at most 5): an API destination's ARN, resolved by the dispatcher at
-- delivery. input_kind says which of Input / InputPath / InputTransformer applies (EVENT: the
-- whole event); input_paths_map and http_parameters are JSON. NULL retry fields take
-- EventBridge's defaults (185 attempts, 86400 s).
CREATE TABLE event_targets (
    rule_id                   BIGINT UNSIGNED NOT NULL,
    target_id                 VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    arn                       VARCHAR(1600)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role_arn                  VARCHAR(1600)   CHARACTER SET ascii COLLATE ascii_bin NULL,
    input_kind                ENUM('EVENT', 'INPUT', 'INPUT_PATH', 'INPUT_TRANSFORMER') CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    input                     TEXT            CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    input_path                VARCHAR(256)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    input_paths_map           MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    input_template            TEXT            CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    http_parameters           MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    maximum_retry_attempts    INT             NULL,
    maximum_event_age_seconds INT             NULL,
    created_at                DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (rule_id, target_id),
    KEY event_targets_arn (arn(255)),
    CONSTRAINT event_targets_rule FOREIGN KEY (rule_id) REFERENCES event_rules (rule_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Connections: the password or API key value and the InvocationHttpParameters in full are
-- sealed under the master key (AES-256-GCM, bound to account, name and uuid); auth_name (the
-- Basic username or the API key's header name) and http_parameters_shown (the parameters
-- without their secret values, JSON) are what DescribeConnection shows. A new uuid for every
-- connection made under a name, as in EventBridge's ARNs.
CREATE TABLE event_connections (
    connection_id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id            CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name                  VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    uuid                  CHAR(36)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    description           VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    authorization_type    ENUM('BASIC', 'API_KEY') CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    auth_name             VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    http_parameters_shown MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    sealed_secrets        MEDIUMBLOB      NOT NULL,
    created_at            DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at            DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    authorized_at         DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (connection_id),
    UNIQUE KEY event_connections_name (account_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- API destinations: an http(s) endpoint (checked when stored; the dispatcher's guard decides
-- where a delivery may go), its method and rate limit, and the connection whose credentials
-- each call carries (a connection in use cannot be deleted).
CREATE TABLE event_api_destinations (
    destination_id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id          CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name                VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    uuid                CHAR(36)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    description         VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    connection_id       BIGINT UNSIGNED NOT NULL,
    invocation_endpoint VARCHAR(2048)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    http_method         ENUM('POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE') CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    rate_limit_per_second INT UNSIGNED  NOT NULL,
    created_at          DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (destination_id),
    UNIQUE KEY event_api_destinations_name (account_id, name),
    KEY event_api_destinations_connection (connection_id),
    CONSTRAINT event_api_destinations_connection FOREIGN KEY (connection_id) REFERENCES event_connections (connection_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Archives of a bus: the dispatcher keeps the events matching event_pattern (all when NULL)
-- for retention_days (0: indefinitely) and counts them in event_count / size_bytes.
CREATE TABLE event_archives (
    archive_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id     CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name           VARCHAR(48)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bus_name       VARCHAR(256)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    description    VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    event_pattern  TEXT            CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    retention_days INT UNSIGNED    NOT NULL,
    state          ENUM('ENABLED', 'DISABLED') CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'ENABLED',
    event_count    BIGINT UNSIGNED NOT NULL DEFAULT 0,
    size_bytes     BIGINT UNSIGNED NOT NULL DEFAULT 0,
    created_at     DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (archive_id),
    UNIQUE KEY event_archives_name (account_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Replays: StartReplay stores one STARTING; the dispatcher runs it (events of archive_name
-- whose time is in [event_start_time, event_end_time), to the rules of destination_bus, or
-- those filter_arns lists, JSON) and moves state.
CREATE TABLE event_replays (
    replay_id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id               CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name                     VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    description              VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    archive_name             VARCHAR(48)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    event_start_time         DATETIME(6)     NOT NULL,
    event_end_time           DATETIME(6)     NOT NULL,
    destination_bus          VARCHAR(256)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    filter_arns              MEDIUMTEXT      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state                    ENUM('STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED') CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state_reason             VARCHAR(512)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    replay_start_time        DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    replay_end_time          DATETIME(6)     NULL,
    event_last_replayed_time DATETIME(6)     NULL,
    PRIMARY KEY (replay_id),
    UNIQUE KEY event_replays_name (account_id, name),
    KEY event_replays_state (state, replay_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every event put on a bus (PutEvents; the dispatcher copies package events from
-- outbox_events), body as EventBridge shapes it for targets. created_at is the ingestion time.
-- A dispatcher claims unrouted rows oldest first with
--   SELECT ... FROM bus_events WHERE routed_at IS NULL ORDER BY event_id LIMIT n FOR UPDATE SKIP LOCKED
-- (bus_events_unrouted), and sets routed_at in the transaction that records what it matched.
-- Feeds read a bus after a cursor (bus_events_cursor); replays a bus's window of ingestion
-- times (bus_events_time). The same event id is written to a bus once (bus_events_uuid).
CREATE TABLE bus_events (
    event_id    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id  CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bus_name    VARCHAR(256)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    event_uuid  CHAR(36)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    source      VARCHAR(256)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    detail_type VARCHAR(256)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    body        MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    routed_at   DATETIME(6)     NULL,
    PRIMARY KEY (event_id),
    UNIQUE KEY bus_events_uuid (account_id, bus_name, event_uuid),
    KEY bus_events_cursor (account_id, bus_name, event_id),
    KEY bus_events_time (account_id, bus_name, created_at, event_id),
    KEY bus_events_unrouted (routed_at, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
