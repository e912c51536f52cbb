-- When each npm dist-tag last changed: a tag present in a repository and in its upstream is
-- merged by "most recently updated wins" (CodeArtifact's rule for upstream chains).
ALTER TABLE package_dist_tags
    ADD COLUMN updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6);
