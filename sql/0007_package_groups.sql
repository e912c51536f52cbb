-- Package groups: per domain, a pattern (as given, and its normalized key, unique per domain:
-- PackageGroupPattern.key), a description and contact, and origin controls — one mode per
-- restriction (a new group inherits; the root group /* allows) and, per restriction, a list of
-- allowed repositories. Parents are not stored: they follow from the patterns (most specific
-- containing group) and are computed from one read of the domain's groups.
CREATE TABLE package_groups (
    package_group_id       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    domain_id              BIGINT UNSIGNED NOT NULL,
    pattern                VARCHAR(520)    NOT NULL,
    pattern_key            VARCHAR(520)    NOT NULL,
    description            VARCHAR(1000)   NULL,
    contact_info           VARCHAR(1000)   NULL,
    publish_mode           ENUM('ALLOW', 'ALLOW_SPECIFIC_REPOSITORIES', 'BLOCK', 'INHERIT') NOT NULL DEFAULT 'INHERIT',
    external_upstream_mode ENUM('ALLOW', 'ALLOW_SPECIFIC_REPOSITORIES', 'BLOCK', 'INHERIT') NOT NULL DEFAULT 'INHERIT',
    internal_upstream_mode ENUM('ALLOW', 'ALLOW_SPECIFIC_REPOSITORIES', 'BLOCK', 'INHERIT') NOT NULL DEFAULT 'INHERIT',
    created_at             DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (package_group_id),
    UNIQUE KEY package_groups_domain_key (domain_id, pattern_key),
    CONSTRAINT package_groups_domain FOREIGN KEY (domain_id) REFERENCES domains (domain_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE package_group_allowed_repositories (
    package_group_id BIGINT UNSIGNED NOT NULL,
    restriction_type ENUM('PUBLISH', 'EXTERNAL_UPSTREAM', 'INTERNAL_UPSTREAM') NOT NULL,
    repository_id    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (package_group_id, restriction_type, repository_id),
    KEY package_group_allowed_repositories_repository (repository_id),
    CONSTRAINT package_group_allowed_repositories_group FOREIGN KEY (package_group_id)
        REFERENCES package_groups (package_group_id) ON DELETE CASCADE,
    CONSTRAINT package_group_allowed_repositories_repository FOREIGN KEY (repository_id)
        REFERENCES repositories (repository_id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE package_group_tags (
    package_group_id BIGINT UNSIGNED NOT NULL,
    tag_key          VARCHAR(128)    NOT NULL,
    tag_value        VARCHAR(256)    NOT NULL,
    PRIMARY KEY (package_group_id, tag_key),
    CONSTRAINT package_group_tags_group FOREIGN KEY (package_group_id)
        REFERENCES package_groups (package_group_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every domain has the root group /*, made with it (and here for the domains that exist).
INSERT INTO package_groups (domain_id, pattern, pattern_key, publish_mode, external_upstream_mode, internal_upstream_mode, created_at)
    SELECT domain_id, '/*', '/*', 'ALLOW', 'ALLOW', 'ALLOW', created_at FROM domains;

CREATE TRIGGER domains_insert_root_package_group AFTER INSERT ON domains FOR EACH ROW
    INSERT INTO package_groups (domain_id, pattern, pattern_key, publish_mode, external_upstream_mode, internal_upstream_mode, created_at)
    VALUES (NEW.domain_id, '/*', '/*', 'ALLOW', 'ALLOW', 'ALLOW', NEW.created_at);

-- Origin controls decide what publishing and upstream reads may do: workers cache them by the
-- access counter (sql/0006), which every change here moves. (Rows removed by ON DELETE CASCADE
-- fire no trigger; the parent row's delete moves the counter.)
CREATE TRIGGER package_groups_insert_access AFTER INSERT ON package_groups FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_groups_update_access AFTER UPDATE ON package_groups FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_groups_delete_access AFTER DELETE ON package_groups FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_group_allowed_repositories_insert_access AFTER INSERT ON package_group_allowed_repositories FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_group_allowed_repositories_update_access AFTER UPDATE ON package_group_allowed_repositories FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_group_allowed_repositories_delete_access AFTER DELETE ON package_group_allowed_repositories FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_group_tags_insert_access AFTER INSERT ON package_group_tags FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_group_tags_update_access AFTER UPDATE ON package_group_tags FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER package_group_tags_delete_access AFTER DELETE ON package_group_tags FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
