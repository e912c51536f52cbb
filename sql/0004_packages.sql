-- Packages, their versions and the versions' assets. A version exists per repository; its assets
-- point at shared content-addressed blobs, so a copy between repositories (or a retention from an
-- upstream) copies rows, never bytes. Names are stored normalized (the unique key) with the
-- display form beside them; a package without a namespace has namespace ''.
CREATE TABLE packages (
    package_id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    repository_id     BIGINT UNSIGNED NOT NULL,
    format            VARCHAR(16)     CHARACTER SET ascii NOT NULL,
    namespace         VARCHAR(255)    NOT NULL DEFAULT '',
    name              VARCHAR(255)    NOT NULL,
    display_namespace VARCHAR(255)    NULL,
    display_name      VARCHAR(255)    NOT NULL,
    origin_publish    ENUM('ALLOW', 'BLOCK') NOT NULL,
    origin_upstream   ENUM('ALLOW', 'BLOCK') NOT NULL,
    created_at        DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (package_id),
    UNIQUE KEY packages_identity (repository_id, format, namespace, name),
    CONSTRAINT packages_repository FOREIGN KEY (repository_id) REFERENCES repositories (repository_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE package_versions (
    version_id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    package_id                 BIGINT UNSIGNED NOT NULL,
    version                    VARCHAR(255)    NOT NULL,
    status                     ENUM('Published', 'Unfinished', 'Unlisted', 'Archived', 'Disposed') NOT NULL,
    revision                   VARCHAR(64)     CHARACTER SET ascii NOT NULL,
    origin_type                ENUM('INTERNAL', 'EXTERNAL', 'UNKNOWN') NOT NULL,
    origin_repository          VARCHAR(100)    CHARACTER SET ascii NULL,
    origin_external_connection VARCHAR(100)    CHARACTER SET ascii NULL,
    published_at               DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    display_name               VARCHAR(255)    NULL,
    summary                    TEXT            NULL,
    home_page                  VARCHAR(2048)   NULL,
    source_code_repository     VARCHAR(2048)   NULL,
    licenses                   TEXT            NULL,
    readme                     MEDIUMTEXT      NULL,
    PRIMARY KEY (version_id),
    UNIQUE KEY package_versions_identity (package_id, version),
    KEY package_versions_published (package_id, published_at),
    CONSTRAINT package_versions_package FOREIGN KEY (package_id) REFERENCES packages (package_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE package_version_assets (
    version_id  BIGINT UNSIGNED NOT NULL,
    name        VARCHAR(255)    NOT NULL,
    blob_sha256 BINARY(32)      NOT NULL,
    created_at  DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (version_id, name),
    KEY package_version_assets_blob (blob_sha256),
    CONSTRAINT package_version_assets_version FOREIGN KEY (version_id) REFERENCES package_versions (version_id),
    CONSTRAINT package_version_assets_blob FOREIGN KEY (blob_sha256) REFERENCES blobs (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE package_version_dependencies (
    version_id          BIGINT UNSIGNED   NOT NULL,
    position            SMALLINT UNSIGNED NOT NULL,
    dependency_type     VARCHAR(64)       NULL,
    namespace           VARCHAR(255)      NULL,
    package             VARCHAR(255)      NOT NULL,
    version_requirement VARCHAR(1024)     NULL,
    PRIMARY KEY (version_id, position),
    CONSTRAINT package_version_dependencies_version FOREIGN KEY (version_id) REFERENCES package_versions (version_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Events, written in the same transaction as the change they describe; a dispatcher delivers
-- them after commit, at least once, each with its deduplication id.
CREATE TABLE outbox_events (
    event_id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    event_uuid   CHAR(36)        CHARACTER SET ascii NOT NULL,
    domain_id    BIGINT UNSIGNED NOT NULL,
    detail_type  VARCHAR(128)    CHARACTER SET ascii NOT NULL,
    body         MEDIUMTEXT      NOT NULL,
    created_at   DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    delivered_at DATETIME(6)     NULL,
    PRIMARY KEY (event_id),
    UNIQUE KEY outbox_events_uuid (event_uuid),
    KEY outbox_events_pending (delivered_at, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
