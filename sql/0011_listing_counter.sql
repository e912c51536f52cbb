-- A second change counter: it grows with every change to any package (its versions, assets and
-- dist-tags move the package's listing stamp through sql/0006's triggers) and to any external
-- connection's cached answer. A worker that sees both counters unchanged since its last request
-- may answer a listing from what it remembered, without looking the package up.
INSERT INTO change_counters (name, value) VALUES ('listings', 0);

CREATE TRIGGER packages_insert_listings AFTER INSERT ON packages FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'listings';
CREATE TRIGGER packages_update_listings AFTER UPDATE ON packages FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'listings';
CREATE TRIGGER packages_delete_listings AFTER DELETE ON packages FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'listings';
CREATE TRIGGER external_documents_insert_listings AFTER INSERT ON external_documents FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'listings';
CREATE TRIGGER external_documents_update_listings AFTER UPDATE ON external_documents FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'listings';
CREATE TRIGGER external_documents_delete_listings AFTER DELETE ON external_documents FOR EACH ROW
    UPDATE change_counters SET value = value + 1 WHERE name = 'listings';
