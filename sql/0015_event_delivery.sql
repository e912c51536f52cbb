-- Delivery of events to rules' targets (issue 16): the dispatcher (`granary dispatch`) copies
-- package events from outbox_events onto buses (bus_events), matches each bus event against the
-- bus's enabled rules and archives, and delivers to API destinations with retries.

-- Every destination signs each delivery (X-Granary-Signature: HMAC-SHA256 over the body) with
-- a secret of its own, sealed under the master key (bound to account, name and uuid) and shown
-- only by Granary's API. NULL for a destination made before this migration: not signed.
ALTER TABLE event_api_destinations ADD COLUMN sealed_signing_secret VARBINARY(512) NULL;

-- One row per (event, rule, target) to deliver: what is sent (the target's input applied to the
-- event when it was matched) and to which API destination ARN, resolved again at each attempt
-- (a destination updated or deleted since applies). A dispatcher claims due rows with
--   SELECT ... WHERE state = 'PENDING' AND next_attempt_at <= NOW(6) ORDER BY next_attempt_at
--   LIMIT n FOR UPDATE SKIP LOCKED
-- and keeps them locked while it calls the destination, so a dispatcher killed mid-delivery
-- leaves them PENDING (its transaction rolls back) for the next one: at least once.
-- DELIVERED rows are pruned after the delivery retention; DEAD rows are the dead-letter list
-- (retries spent, a non-retryable answer, or no such destination), kept until redriven or past
-- their retention. replay_name is set on deliveries of a replay.
CREATE TABLE event_deliveries (
    delivery_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    account_id      CHAR(12)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    bus_name        VARCHAR(256)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    event_uuid      CHAR(36)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    rule_name       VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    target_id       VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    destination_arn VARCHAR(1600)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    http_parameters MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    replay_name     VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NULL,
    body            MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    state           ENUM('PENDING', 'DELIVERED', 'DEAD') CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'PENDING',
    attempts        INT UNSIGNED    NOT NULL DEFAULT 0,
    max_retries     INT UNSIGNED    NOT NULL,
    event_time      DATETIME(6)     NOT NULL,
    expires_at      DATETIME(6)     NOT NULL,
    next_attempt_at DATETIME(6)     NOT NULL,
    last_attempt_at DATETIME(6)     NULL,
    last_status     SMALLINT UNSIGNED NULL,
    last_error      VARCHAR(1024)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    finished_at     DATETIME(6)     NULL,
    created_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (delivery_id),
    KEY event_deliveries_due (state, next_attempt_at),
    KEY event_deliveries_account (account_id, state, delivery_id),
    KEY event_deliveries_finished (state, finished_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The events an archive keeps (a copy of the bus event's body), for the archive's retention;
-- event_archives.event_count and size_bytes count these rows.
CREATE TABLE event_archive_events (
    archive_id BIGINT UNSIGNED NOT NULL,
    event_id   BIGINT UNSIGNED NOT NULL,
    event_uuid CHAR(36)        CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    event_time DATETIME(6)     NOT NULL,
    body       MEDIUMTEXT      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (archive_id, event_id),
    KEY event_archive_events_time (archive_id, event_time, event_id),
    CONSTRAINT event_archive_events_archive FOREIGN KEY (archive_id) REFERENCES event_archives (archive_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- CodeArtifact's detail.sequenceNumber: grows with every event of a package (keyed by the
-- SHA-256 of the package's ARN, so it survives the package's rows being deleted and recreated).
CREATE TABLE package_event_sequences (
    package_key BINARY(32)      NOT NULL,
    sequence    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (package_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
