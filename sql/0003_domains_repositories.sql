-- Domains and their repositories: the CodeArtifact resource tree. Names are unique per owner
-- account (domains) and per domain (repositories). Upstreams are an ordered list (position 0..9);
-- a repository has at most one external connection. Resource policies and tags hang off a
-- domain or a repository by kind and id.
CREATE TABLE domains (
    domain_id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    owner_account_id CHAR(12)        CHARACTER SET ascii NOT NULL,
    name             VARCHAR(50)     CHARACTER SET ascii NOT NULL,
    encryption_key   VARCHAR(1011)   NOT NULL,
    created_at       DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (domain_id),
    UNIQUE KEY domains_owner_name (owner_account_id, name),
    KEY domains_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE repositories (
    repository_id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    domain_id                BIGINT UNSIGNED NOT NULL,
    name                     VARCHAR(100)    CHARACTER SET ascii NOT NULL,
    administrator_account_id CHAR(12)        CHARACTER SET ascii NOT NULL,
    description              VARCHAR(1000)   NULL,
    created_at               DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (repository_id),
    UNIQUE KEY repositories_domain_name (domain_id, name),
    KEY repositories_administrator (administrator_account_id, name),
    CONSTRAINT repositories_domain FOREIGN KEY (domain_id) REFERENCES domains (domain_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE repository_upstreams (
    repository_id          BIGINT UNSIGNED  NOT NULL,
    position               TINYINT UNSIGNED NOT NULL,
    upstream_repository_id BIGINT UNSIGNED  NOT NULL,
    PRIMARY KEY (repository_id, position),
    UNIQUE KEY repository_upstreams_pair (repository_id, upstream_repository_id),
    KEY repository_upstreams_upstream (upstream_repository_id),
    CONSTRAINT repository_upstreams_repository FOREIGN KEY (repository_id) REFERENCES repositories (repository_id),
    CONSTRAINT repository_upstreams_upstream FOREIGN KEY (upstream_repository_id) REFERENCES repositories (repository_id)
) ENGINE=InnoDB;

CREATE TABLE repository_external_connections (
    repository_id   BIGINT UNSIGNED NOT NULL,
    connection_name VARCHAR(100)    CHARACTER SET ascii NOT NULL,
    package_format  VARCHAR(16)     CHARACTER SET ascii NOT NULL,
    created_at      DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (repository_id),
    CONSTRAINT repository_external_connections_repository FOREIGN KEY (repository_id) REFERENCES repositories (repository_id)
) ENGINE=InnoDB;

CREATE TABLE resource_policies (
    resource_kind ENUM('domain', 'repository') NOT NULL,
    resource_id   BIGINT UNSIGNED NOT NULL,
    document      MEDIUMTEXT      NOT NULL,
    revision      VARCHAR(100)    CHARACTER SET ascii NOT NULL,
    updated_at    DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (resource_kind, resource_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE resource_tags (
    resource_kind ENUM('domain', 'repository') NOT NULL,
    resource_id   BIGINT UNSIGNED NOT NULL,
    tag_key       VARCHAR(128)    NOT NULL,
    tag_value     VARCHAR(256)    NOT NULL,
    PRIMARY KEY (resource_kind, resource_id, tag_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
