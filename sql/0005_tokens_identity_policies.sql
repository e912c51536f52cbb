-- Identity policies (IAM-style inline policies on users) and authorization-token revocation.
-- Tokens themselves are never stored: they are self-verifying (HMAC under a key derived from
-- the master key). A revoked token's id is kept until it would have expired anyway; revoking
-- every token of a user records a cut-off: tokens issued before it are refused.
CREATE TABLE user_policies (
    user_id     CHAR(21)     CHARACTER SET ascii NOT NULL,
    policy_name VARCHAR(128) NOT NULL,
    document    MEDIUMTEXT   NOT NULL,
    updated_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (user_id, policy_name),
    CONSTRAINT user_policies_user FOREIGN KEY (user_id) REFERENCES users (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE token_revocations (
    token_id   BINARY(16)  NOT NULL,
    user_id    CHAR(21)    CHARACTER SET ascii NOT NULL,
    expires_ms BIGINT      NOT NULL,
    revoked_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (token_id),
    KEY token_revocations_expiry (expires_ms)
) ENGINE=InnoDB;

CREATE TABLE token_cutoffs (
    user_id       CHAR(21) CHARACTER SET ascii NOT NULL,
    not_before_ms BIGINT   NOT NULL,
    PRIMARY KEY (user_id)
) ENGINE=InnoDB;
