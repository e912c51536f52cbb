-- Access keys join what the access counter covers (sql/0006): a worker may then keep a key's
-- principal and secret per thread, and a key deleted or made Inactive is refused by the next
-- signed request on every thread, as a revoked token is.
CREATE TRIGGER access_keys_insert_access AFTER INSERT ON access_keys FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER access_keys_update_access AFTER UPDATE ON access_keys FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
CREATE TRIGGER access_keys_delete_access AFTER DELETE ON access_keys FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'access';
