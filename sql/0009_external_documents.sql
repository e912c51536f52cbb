-- What external connections answered: the index document of one package (a PyPI project page,
-- an npm packument) per repository holding the connection, with its validators for
-- revalidation (ETag, Last-Modified), when it was last fetched and checked, and a stamp that
-- grows whenever the body changes (rendered listings are keyed by it). status 404 rows are the
-- negative cache. Rows are a cache of the public registry: the packages ingested from it are
-- ordinary package versions (origin EXTERNAL).
CREATE TABLE external_documents (
    repository_id BIGINT UNSIGNED NOT NULL,
    format        VARCHAR(16)     CHARACTER SET ascii NOT NULL,
    package_key   VARCHAR(520)    NOT NULL,
    url           VARCHAR(2048)   NOT NULL,
    status        SMALLINT        NOT NULL,
    etag          VARCHAR(512)    NULL,
    last_modified VARCHAR(128)    NULL,
    body          LONGBLOB        NULL,
    stamp         BIGINT UNSIGNED NOT NULL DEFAULT 1,
    fetched_at    DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    checked_at    DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (repository_id, format, package_key),
    CONSTRAINT external_documents_repository FOREIGN KEY (repository_id) REFERENCES repositories (repository_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
