-- Names a caller spells are compared exactly, as the ARNs built from them are (issue 11): a
-- column declared `CHARACTER SET ascii` without a collation took ascii_general_ci, so `PROD`
-- found repository `prod` while the Authorizer evaluated `repository/DOMAIN/PROD`. Domain,
-- repository and external connection names and access-key ids are case-sensitive, as in AWS.
-- (IAM user names stay case-insensitive, as in IAM: the service resolves the stored name and
-- authorizes that.) The old collation kept these columns unique case-insensitively, so no two
-- existing rows differ only in case and the unique keys rebuild without a conflict.
ALTER TABLE domains MODIFY name VARCHAR(50) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
ALTER TABLE repositories MODIFY name VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
ALTER TABLE repository_external_connections MODIFY connection_name VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
ALTER TABLE external_connection_definitions MODIFY name VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
ALTER TABLE access_keys MODIFY access_key_id CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
