import FoundationEssentials
import GranaryCore
import GranaryCrypto
import GranaryStore
import Testing

@Suite struct MigratorTests {
    @Test func splitsStatementsAtLineEndSemicolons() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (
                x INT -- trailing
            );

            INSERT INTO a VALUES (1);
            """
        #expect(Migrator.statements(of: sql) == ["CREATE TABLE a (\n    x INT -- trailing\n)", "INSERT INTO a VALUES (1)"])
    }

    @Test func loadsInOrderAndRejectsDuplicates() throws {
        let directory = temporaryPath("migrations")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/0002_b.sql", contents: Data("SELECT 2;".utf8))
        FileManager.default.createFile(atPath: directory + "/0001_a.sql", contents: Data("SELECT 1;".utf8))
        FileManager.default.createFile(atPath: directory + "/notes.md", contents: Data("x".utf8))
        #expect(try Migrator.load(directory: directory).map(\.name) == ["0001_a", "0002_b"])
        FileManager.default.createFile(atPath: directory + "/0002_c.sql", contents: Data("SELECT 3;".utf8))
        #expect(throws: Migrator.Failure.self) { try Migrator.load(directory: directory) }
    }

    @Test func repositoryMigrationsParse() throws {
        let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let migrations = try Migrator.load(directory: repository.appending(path: "sql").path)
        #expect(migrations.count >= 2)
        for migration in migrations { #expect(!Migrator.statements(of: migration.sql).isEmpty) }
    }
}

@Suite struct DiskBlobStoreTests {
    func temporaryStore() throws -> DiskBlobStore {
        try DiskBlobStore(root: temporaryPath("blobs"))
    }

    @Test func storesAtContentAddressWithAllDigests() throws {
        let store = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: store.root) }
        let body = Array("hello blob".utf8)
        var offset = 0
        let record = try store.store(limit: nil) { buffer in
            let count = min(buffer.count, body.count - offset, 3)
            buffer.copyBytes(from: body[offset..<(offset + count)])
            offset += count
            return count
        }
        #expect(record.sha256 == Hex.encode(Digest.hash(.sha256, body)))
        #expect(record.md5 == Hex.encode(Digest.hash(.md5, body)))
        #expect(record.size == body.count)
        #expect(FileManager.default.contents(atPath: store.path(of: record.sha256)) == Data(body))
        #expect(store.contains(sha256: record.sha256))
        guard case .internalRedirect(let path) = store.delivery(sha256: record.sha256) else {
            Issue.record("expected a redirect")
            return
        }
        #expect(path == "/_blobs/\(record.sha256.prefix(2))/\(record.sha256.dropFirst(2).prefix(2))/\(record.sha256)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/tmp").isEmpty)
    }

    @Test func failedOrOversizedWritesLeaveNothing() throws {
        struct ClientWentAway: Error {}
        let store = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: store.root) }
        var calls = 0
        #expect(throws: ClientWentAway.self) {
            try store.store(limit: nil) { buffer in
                calls += 1
                if calls > 2 { throw ClientWentAway() }
                buffer[0] = 1
                return 1
            }
        }
        #expect(throws: BlobStoreError.tooLarge(limit: 4)) {
            try store.store(limit: 4) { buffer in
                buffer.initializeMemory(as: UInt8.self, repeating: 7)
                return buffer.count
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/tmp").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/sha256").isEmpty)
    }
}

/// A fresh path under /tmp for one test.
func temporaryPath(_ name: String) -> String { "/tmp/granary-test-\(name)-\(Hex.encode(SecureRandom.bytes(6)))" }
