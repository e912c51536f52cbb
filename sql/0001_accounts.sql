-- Accounts (12-digit ids, optionally in an organization), their users and access keys.
-- Access-key secrets are sealed with AES-256-GCM under the server's master key: SigV4 needs
-- them back to compute its HMAC, so they are encrypted, never stored in plain text.
CREATE TABLE accounts (
    account_id      CHAR(12)     CHARACTER SET ascii NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    organization_id VARCHAR(34)  CHARACTER SET ascii NULL,
    created_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (account_id),
    UNIQUE KEY accounts_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE users (
    user_id    CHAR(21)    CHARACTER SET ascii NOT NULL,
    account_id CHAR(12)    CHARACTER SET ascii NOT NULL,
    name       VARCHAR(64) NOT NULL COLLATE utf8mb4_general_ci,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (user_id),
    UNIQUE KEY users_account_name (account_id, name),
    CONSTRAINT users_account FOREIGN KEY (account_id) REFERENCES accounts (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE access_keys (
    access_key_id CHAR(20)       CHARACTER SET ascii NOT NULL,
    user_id       CHAR(21)       CHARACTER SET ascii NOT NULL,
    secret_sealed VARBINARY(128) NOT NULL,
    status        ENUM('Active', 'Inactive') NOT NULL DEFAULT 'Active',
    created_at    DATETIME(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (access_key_id),
    KEY access_keys_user (user_id),
    CONSTRAINT access_keys_user FOREIGN KEY (user_id) REFERENCES users (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
