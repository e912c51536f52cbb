-- Concurrent publishes of one package deadlocked (bench/events.sh, 4 threads): inserting a
-- version or dist-tag row takes a shared lock on its package row for the foreign key, and the
-- AFTER INSERT trigger then needs that row exclusively for the listing stamp, so two inserts
-- each held the shared lock the other waited on. Bumping the stamp BEFORE the insert takes the
-- exclusive lock first: changes of one package queue behind each other instead.
DROP TRIGGER package_versions_insert_stamp;
CREATE TRIGGER package_versions_insert_stamp BEFORE INSERT ON package_versions FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = NEW.package_id;
DROP TRIGGER package_dist_tags_insert_stamp;
CREATE TRIGGER package_dist_tags_insert_stamp BEFORE INSERT ON package_dist_tags FOR EACH ROW
    UPDATE packages SET listing_stamp = listing_stamp + 1 WHERE package_id = NEW.package_id;
