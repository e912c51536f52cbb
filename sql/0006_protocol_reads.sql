-- What package protocols need beyond the CodeArtifact model, and the change counters that let
-- workers cache protocol reads with exact invalidation.
--
-- Format data: npm keeps each version's published manifest (package.json with dist and
-- deprecation) and the package's dist-tags; PyPI keeps per file the core metadata (PEP 658) and
-- Requires-Python. Stored as JSON text written by the format, read back only by it.
ALTER TABLE package_versions ADD COLUMN format_data MEDIUMTEXT NULL;
ALTER TABLE package_version_assets ADD COLUMN format_data MEDIUMTEXT NULL;

CREATE TABLE package_dist_tags (
    package_id BIGINT UNSIGNED NOT NULL,
    tag        VARCHAR(255)    NOT NULL,
    version    VARCHAR(255)    NOT NULL,
    PRIMARY KEY (package_id, tag),
    CONSTRAINT package_dist_tags_package FOREIGN KEY (package_id) REFERENCES packages (package_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A package's listing stamp grows with every change to its versions, assets or dist-tags (the
-- triggers below, in the same transaction), so a listing rendered at stamp N is exact while the
-- stamp is N.
ALTER TABLE packages ADD COLUMN listing_stamp BIGINT UNSIGNED NOT NULL DEFAULT 0;

CREATE TRIGGER package_versions_insert_stamp AFTER INSERT ON package_versions FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = NEW.package_id;
CREATE TRIGGER package_versions_update_stamp AFTER UPDATE ON package_versions FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = NEW.package_id;
CREATE TRIGGER package_versions_delete_stamp AFTER DELETE ON package_versions FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = OLD.package_id;
CREATE TRIGGER package_version_assets_insert_stamp AFTER INSERT ON package_version_assets FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1
    WHERE package_id = (SELECT package_id FROM package_versions WHERE version_id = NEW.version_id);
CREATE TRIGGER package_version_assets_update_stamp AFTER UPDATE ON package_version_assets FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1
    WHERE package_id = (SELECT package_id FROM package_versions WHERE version_id = NEW.version_id);
CREATE TRIGGER package_version_assets_delete_stamp AFTER DELETE ON package_version_assets FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1
    WHERE package_id = (SELECT package_id FROM package_versions WHERE version_id = OLD.version_id);
CREATE TRIGGER package_dist_tags_insert_stamp AFTER INSERT ON package_dist_tags FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = NEW.package_id;
CREATE TRIGGER package_dist_tags_update_stamp AFTER UPDATE ON package_dist_tags FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = NEW.package_id;
CREATE TRIGGER package_dist_tags_delete_stamp AFTER DELETE ON package_dist_tags FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = OLD.package_id;

-- The access counter grows with every change to what authenticating a token and authorizing a
-- request read (accounts, users, domains, repositories and their links, policies, tags, token
-- revocations). Workers cache those reads per thread and drop them when the counter moves.
CREATE TABLE change_counters (
    name  VARCHAR(32) CHARACTER SET ascii NOT NULL,
    value BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB;

INSERT INTO change_counters (name, value) VALUES ('access', 0);

CREATE TRIGGER accounts_insert_access AFTER INSERT ON accounts FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER accounts_update_access AFTER UPDATE ON accounts FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER accounts_delete_access AFTER DELETE ON accounts FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER users_insert_access AFTER INSERT ON users FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER users_update_access AFTER UPDATE ON users FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER users_delete_access AFTER DELETE ON users FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER domains_insert_access AFTER INSERT ON domains FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER domains_update_access AFTER UPDATE ON domains FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER domains_delete_access AFTER DELETE ON domains FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repositories_insert_access AFTER INSERT ON repositories FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repositories_update_access AFTER UPDATE ON repositories FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repositories_delete_access AFTER DELETE ON repositories FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repository_upstreams_insert_access AFTER INSERT ON repository_upstreams FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repository_upstreams_update_access AFTER UPDATE ON repository_upstreams FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repository_upstreams_delete_access AFTER DELETE ON repository_upstreams FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repository_external_connections_insert_access AFTER INSERT ON repository_external_connections FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repository_external_connections_update_access AFTER UPDATE ON repository_external_connections FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER repository_external_connections_delete_access AFTER DELETE ON repository_external_connections FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER resource_policies_insert_access AFTER INSERT ON resource_policies FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER resource_policies_update_access AFTER UPDATE ON resource_policies FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER resource_policies_delete_access AFTER DELETE ON resource_policies FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER resource_tags_insert_access AFTER INSERT ON resource_tags FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER resource_tags_update_access AFTER UPDATE ON resource_tags FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER resource_tags_delete_access AFTER DELETE ON resource_tags FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER user_policies_insert_access AFTER INSERT ON user_policies FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER user_policies_update_access AFTER UPDATE ON user_policies FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER user_policies_delete_access AFTER DELETE ON user_policies FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER token_revocations_insert_access AFTER INSERT ON token_revocations FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER token_revocations_update_access AFTER UPDATE ON token_revocations FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER token_revocations_delete_access AFTER DELETE ON token_revocations FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER token_cutoffs_insert_access AFTER INSERT ON token_cutoffs FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER token_cutoffs_update_access AFTER UPDATE ON token_cutoffs FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER token_cutoffs_delete_access AFTER DELETE ON token_cutoffs FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
