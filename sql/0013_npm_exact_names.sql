-- npm package names and scopes are case-sensitive, as on the npm registry (which holds both
-- `JSONStream` and `jsonstream`) and in CodeArtifact; they were stored lower-cased. The display
-- form is the name as first published, so it becomes the key (two spellings were one package
-- before, so no two rows collide). Cached npm registry answers were keyed by the lower-cased
-- name: they are dropped and fetched again on first use.
UPDATE packages SET namespace = COALESCE(display_namespace, ''), name = display_name WHERE format = 'npm';
DELETE FROM external_documents WHERE format = 'npm';
