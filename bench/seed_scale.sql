-- BENCH ONLY (bench/scale.sh): fills one repository with @packages packages of @versions versions
-- each, in bulk inside MariaDB, writing the rows the publish path writes (twine upload for
-- 'pypi', npm publish for 'npm'). The server never runs this file; the stack's migrations made
-- the schema, and this file only adds rows to a private bench database.
--
-- Set before sourcing (bench/scale.sh does):
--   @format          'pypi' or 'npm'
--   @repository_id   the (empty) repository to fill; @repository_name its name
--   @pool_package_id a package published the normal way with versions 1.0.0 .. 1.0.(@versions-1):
--                    version 1.0.N of every seeded package gets the blob of its 1.0.N (a real file
--                    on disk, with its blob row), so every seeded asset downloads
--   @packages, @versions, @prefix (package names are @prefix-00001 .. ), @chunk (packages per
--   statement; each statement commits on its own)
--
-- Rows per version, as the publish path writes them:
--   pypi: package_versions (display name and summary from the core metadata, format_data NULL),
--         package_version_assets (the wheel, with {requires_python, core_metadata,
--         core_metadata_sha256} as format_data, which PEP 658's .metadata serves)
--   npm:  package_versions (description as summary, MIT licence, the manifest with dist.shasum
--         and dist.integrity of the blob as format_data), package_version_dependencies (left-pad),
--         package_version_assets (the tarball), and one 'latest' dist-tag per package.
-- Not written: outbox_events (the publish path writes one per version for the event dispatcher;
-- a million undelivered events would only be a dispatcher backlog, nothing a measured request
-- reads).
--
-- Counters and stamps: the triggers of sql/0006 and sql/0011 move a package's listing_stamp for
-- every version, asset and dist-tag row, and the 'listings' counter for every change of a package
-- row. Run row by row, those trigger updates would cost as much as the seed itself, so the
-- versions, assets and dist-tags are written first, for package ids that have no row yet (their
-- triggers find nothing to update; foreign key checks are off for this session meanwhile), and
-- the packages last, each with the listing_stamp the publish path would have left (pypi: 3 moves
-- per version: version, asset, the asset's format data; npm: 4: version, asset, the version's
-- format data, the 'latest' tag), then 'listings' is moved by what those stamp moves would have
-- added (the package rows' own insert trigger moves it once each). No worker has seen these
-- packages before, and workers see a change made outside Granary (no commit signal) within
-- their counters' max age (1 s): bench/scale.sh waits longer than that before measuring. A seed
-- that fails half-way leaves versions without packages: the bench throws its state dir away.

SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION';

CREATE TEMPORARY TABLE seed_pool (
    version     VARCHAR(255) NOT NULL,
    blob_sha256 BINARY(32)   NOT NULL,
    shasum      CHAR(40)     NOT NULL,
    integrity   VARCHAR(100) NOT NULL,
    PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO seed_pool (version, blob_sha256, shasum, integrity)
SELECT v.version, b.sha256, LOWER(HEX(b.sha1)), CONCAT('sha512-', REPLACE(TO_BASE64(b.sha512), '\n', ''))
FROM package_versions v
JOIN package_version_assets a ON a.version_id = v.version_id
JOIN blobs b ON b.sha256 = a.blob_sha256
WHERE v.package_id = @pool_package_id AND v.version IN (SELECT CONCAT('1.0.', seq) FROM seq_0_to_100000 WHERE seq < @versions);

SET @pool_size = (SELECT COUNT(*) FROM seed_pool);

-- Seeded versions are published one millisecond apart, ending now.
SET @epoch = NOW(6) - INTERVAL (@packages * @versions) * 1000 MICROSECOND;
SET @stamp = @versions * IF(@format = 'npm', 4, 3);
-- The seeded packages' ids: @first_id .. @first_id + @packages - 1, above every id in use.
SET @first_id = (SELECT COALESCE(MAX(package_id), 0) + 1 FROM packages);

-- (The mariadb client needs another delimiter around the compound statement.)
DELIMITER //
BEGIN NOT ATOMIC
    DECLARE first_id BIGINT UNSIGNED;
    DECLARE last_id BIGINT UNSIGNED;
    DECLARE lo BIGINT UNSIGNED;
    IF @pool_size <> @versions THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the pool package does not have one asset per version 1.0.0 .. 1.0.(versions-1)';
    END IF;
    IF (SELECT COUNT(*) FROM packages WHERE repository_id = @repository_id) > 0 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the repository to seed is not empty';
    END IF;

    CREATE TEMPORARY TABLE seed_packages (
        package_id BIGINT UNSIGNED NOT NULL,
        name       VARCHAR(255)    NOT NULL,
        PRIMARY KEY (package_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    SELECT @first_id + seq - 1 AS package_id, CONCAT(@prefix, '-', LPAD(seq, 5, '0')) AS name
    FROM seq_1_to_1000000 WHERE seq <= @packages;
    SET first_id = @first_id, last_id = @first_id + @packages - 1, lo = @first_id;
    SET SESSION foreign_key_checks = 0;
    WHILE lo <= last_id DO
        INSERT INTO package_versions (package_id, version, status, revision, origin_type, origin_repository, published_at,
                                      display_name, summary, licenses, format_data)
        SELECT p.package_id, s.version, 'Published', LOWER(HEX(RANDOM_BYTES(12))), 'INTERNAL', @repository_name,
               @epoch + INTERVAL ((p.package_id - first_id) * @versions + CAST(SUBSTRING(s.version, 5) AS UNSIGNED)) * 1000 MICROSECOND,
               p.name,
               IF(@format = 'pypi', CONCAT('Granary scale package, version ', s.version),
                  CONCAT('Granary scale package ', p.name, ' ', s.version)),
               IF(@format = 'npm', '[{"name":"MIT"}]', NULL),
               IF(@format = 'npm',
                  JSON_OBJECT('name', p.name, 'version', s.version,
                              'description', CONCAT('Granary scale package ', p.name, ' ', s.version),
                              'main', 'index.js', 'license', 'MIT', 'dependencies', JSON_OBJECT('left-pad', '^1.3.0'),
                              'dist', JSON_OBJECT('shasum', s.shasum, 'integrity', s.integrity),
                              '_id', CONCAT(p.name, '@', s.version)),
                  NULL)
        FROM seed_packages p JOIN seed_pool s
        WHERE p.package_id >= lo AND p.package_id < lo + @chunk
        ORDER BY p.package_id, CAST(SUBSTRING(s.version, 5) AS UNSIGNED);

        INSERT INTO package_version_assets (version_id, name, blob_sha256, created_at, format_data)
        SELECT v.version_id,
               IF(@format = 'pypi', CONCAT(REPLACE(p.name, '-', '_'), '-', v.version, '-py3-none-any.whl'),
                  CONCAT(p.name, '-', v.version, '.tgz')),
               s.blob_sha256, v.published_at,
               IF(@format = 'pypi',
                  JSON_OBJECT('requires_python', '>=3.8',
                              'core_metadata', CONCAT('Metadata-Version: 2.1\nName: ', p.name, '\nVersion: ', v.version,
                                                      '\nSummary: ', v.summary, '\nRequires-Python: >=3.8\n'),
                              'core_metadata_sha256', SHA2(CONCAT('Metadata-Version: 2.1\nName: ', p.name, '\nVersion: ',
                                                                  v.version, '\nSummary: ', v.summary, '\nRequires-Python: >=3.8\n'), 256)),
                  NULL)
        FROM seed_packages p
        JOIN package_versions v ON v.package_id = p.package_id
        JOIN seed_pool s ON s.version = v.version
        WHERE p.package_id >= lo AND p.package_id < lo + @chunk
        ORDER BY v.version_id;

        IF @format = 'npm' THEN
            INSERT INTO package_version_dependencies (version_id, position, dependency_type, namespace, package, version_requirement)
            SELECT v.version_id, 0, 'regular', NULL, 'left-pad', '^1.3.0'
            FROM seed_packages p JOIN package_versions v ON v.package_id = p.package_id
            WHERE p.package_id >= lo AND p.package_id < lo + @chunk
            ORDER BY v.version_id;

            INSERT INTO package_dist_tags (package_id, tag, version)
            SELECT p.package_id, 'latest', CONCAT('1.0.', @versions - 1)
            FROM seed_packages p
            WHERE p.package_id >= lo AND p.package_id < lo + @chunk;
        END IF;
        SET lo = lo + @chunk;
    END WHILE;

    -- The packages, as a first publish creates them (publish ALLOW, upstream BLOCK), with the
    -- stamp their rows moved it to on the publish path.
    INSERT INTO packages (package_id, repository_id, format, namespace, name, display_namespace, display_name, origin_publish,
                          origin_upstream, listing_stamp)
    SELECT package_id, @repository_id, @format, '', name, NULL, name, 'ALLOW', 'BLOCK', @stamp
    FROM seed_packages ORDER BY package_id;
    SET SESSION foreign_key_checks = 1;
    UPDATE change_counters SET value = value + @packages * @stamp WHERE name = 'listings';
END //
DELIMITER ;

-- What the seeded repository holds now, for the bench's log (and a check).
SELECT COUNT(DISTINCT p.package_id) AS packages, COUNT(DISTINCT v.version_id) AS versions, COUNT(a.version_id) AS assets
FROM packages p JOIN package_versions v ON v.package_id = p.package_id
LEFT JOIN package_version_assets a ON a.version_id = v.version_id
WHERE p.repository_id = @repository_id;
