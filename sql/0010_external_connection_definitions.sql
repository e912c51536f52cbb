-- External connections an account defines itself (Granary's JSON API): a name of the account
-- (never `public:…`, those are CodeArtifact's), the package format it serves, the registry's base
-- URL and optional credentials, sealed under the master key (AES-256-GCM, bound to the account and
-- name) and never returned by any API. A repository of a domain the account owns associates one
-- by name (repository_external_connections.connection_name). Protocol reads resolve the name per
-- request, so changes move the access counter like the other tables workers cache (sql/0006).
CREATE TABLE external_connection_definitions (
    account_id         CHAR(12)        CHARACTER SET ascii NOT NULL,
    name               VARCHAR(100)    CHARACTER SET ascii NOT NULL,
    package_format     VARCHAR(16)     CHARACTER SET ascii NOT NULL,
    base_url           VARCHAR(2048)   NOT NULL,
    credentials_type   ENUM('basic', 'bearer') NULL,
    sealed_credentials VARBINARY(4096) NULL,
    created_at         DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (account_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TRIGGER external_connection_definitions_insert_access AFTER INSERT ON external_connection_definitions FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER external_connection_definitions_update_access AFTER UPDATE ON external_connection_definitions FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER external_connection_definitions_delete_access AFTER DELETE ON external_connection_definitions FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
