-- Content-addressed blobs. A row is written only after the bytes are durable on disk at
-- sha256/<2 hex>/<2 hex>/<64 hex>; a file without a row is an orphan that `granary sweep` removes.
CREATE TABLE blobs (
    sha256     BINARY(32)      NOT NULL,
    sha512     BINARY(64)      NOT NULL,
    sha1       BINARY(20)      NOT NULL,
    md5        BINARY(16)      NOT NULL,
    size       BIGINT UNSIGNED NOT NULL,
    created_at DATETIME(6)     NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (sha256)
) ENGINE=InnoDB;
