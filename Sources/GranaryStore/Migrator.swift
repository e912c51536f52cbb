import FoundationEssentials
import GranaryCore
import GranaryCrypto
import MariaDB

/// Applies the numbered, forward-only migrations in `sql/` that the database has not seen.
public struct Migrator {
    public struct Migration: Equatable {
        public let version: Int
        public let name: String
        public let sql: String
        public var checksum: String { Hex.encode(Digest.hash(.sha256, Array(sql.utf8))) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let connection: Connection
    let directory: String

    public init(connection: Connection, directory: String) {
        self.connection = connection
        self.directory = directory
    }

    /// Applies what is missing; returns the names applied now. Safe to run concurrently (a lock)
    /// and repeatedly (it records what it applied).
    public func migrate() throws -> [String] {
        let migrations = try Self.load(directory: directory)
        try connection.run("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INT NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, checksum CHAR(64) NOT NULL,
                applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB
            """)
        guard try connection.query("SELECT GET_LOCK('granary.migrate', 60) AS locked").first?["locked"].int == 1 else {
            throw Failure(description: "another migration holds the lock")
        }
        defer { _ = try? connection.query("SELECT RELEASE_LOCK('granary.migrate')") }
        var applied: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            applied[Int(try row.int("version"))] = try row.string("checksum")
        }
        var done: [String] = []
        for migration in migrations {
            if let checksum = applied[migration.version] {
                guard checksum == migration.checksum else {
                    throw Failure(description: "migration \(migration.name) was edited after it was applied")
                }
                continue
            }
            for statement in Self.statements(of: migration.sql) {
                do {
                    try connection.run(statement)
                } catch {
                    throw Failure(description: "migration \(migration.name) failed: \(error)")
                }
            }
            try connection.update(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [migration.version, migration.name, migration.checksum])
            done.append(migration.name)
        }
        return done
    }

    /// The `NNNN_name.sql` files of a directory, in order; rejects duplicate numbers.
    public static func load(directory: String) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        var seen = Set<Int>()
        return try names.map { name in
            guard let version = Int(name.prefix { $0.isNumber }), name.first?.isNumber == true else {
                throw Failure(description: "migration file \(name) does not start with its number")
            }
            guard seen.insert(version).inserted else { throw Failure(description: "two migrations numbered \(version)") }
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw Failure(description: "cannot read \(name)")
            }
            return Migration(version: version, name: String(name.dropLast(4)), sql: String(decoding: data, as: UTF8.self))
        }
    }

    /// Splits a file into statements at a `;` that ends a line; drops `--` comment lines.
    public static func statements(of sql: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmed
            if trimmed.hasPrefix("--") || (trimmed.isEmpty && current.isEmpty) { continue }
            current.append(line)
            if trimmed.hasSuffix(";") {
                var text = current.joined(separator: "\n").trimmed
                text.removeLast()
                statements.append(text)
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmed
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
