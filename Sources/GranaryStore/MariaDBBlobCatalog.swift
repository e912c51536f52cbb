import GranaryCore
import GranaryCrypto
import MariaDB

/// The `blobs` table: which content addresses exist, with their digests. A row never changes
/// once written (the address is the content), so each thread remembers the rows it has read:
/// a download of a known blob costs no database round trip.
public final class MariaDBBlobCatalog: BlobCatalog {
    let connection: Connection
    private var remembered: [String: BlobRecord] = [:]
    static let rememberedLimit = 4096

    public init(connection: Connection) {
        self.connection = connection
    }

    public func record(_ blob: BlobRecord) throws {
        guard let sha256 = Hex.decode(blob.sha256), let sha512 = Hex.decode(blob.sha512), let sha1 = Hex.decode(blob.sha1),
            let md5 = Hex.decode(blob.md5)
        else { throw ServiceError.validation("malformed digest") }
        try connection.update(
            """
            INSERT INTO blobs (sha256, sha512, sha1, md5, size) VALUES (?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE sha256 = sha256
            """,
            [sha256, sha512, sha1, md5, blob.size])
    }

    public func blob(sha256: String) throws -> BlobRecord? {
        if let record = remembered[sha256] { return record }
        guard let record = try load(sha256: sha256) else { return nil }
        if remembered.count >= Self.rememberedLimit { remembered.removeAll(keepingCapacity: true) }
        remembered[sha256] = record
        return record
    }

    private func load(sha256: String) throws -> BlobRecord? {
        guard let key = Hex.decode(sha256) else { return nil }
        guard let row = try connection.query("SELECT sha256, sha512, sha1, md5, size FROM blobs WHERE sha256 = ?", [key]).first
        else { return nil }
        return BlobRecord(
            sha256: Hex.encode(try row.bytes("sha256")), sha512: Hex.encode(try row.bytes("sha512")),
            sha1: Hex.encode(try row.bytes("sha1")), md5: Hex.encode(try row.bytes("md5")), size: Int(try row.int("size")))
    }

    public func known(_ addresses: [String]) throws -> Set<String> {
        var found = Set<String>()
        let keys = addresses.compactMap { Hex.decode($0) }
        var start = 0
        while start < keys.count {
            let batch = Array(keys[start..<min(start + 500, keys.count)])
            let placeholders = Array(repeating: "?", count: batch.count).joined(separator: ", ")
            for row in try connection.query("SELECT sha256 FROM blobs WHERE sha256 IN (\(placeholders))", batch) {
                found.insert(Hex.encode(try row.bytes("sha256")))
            }
            start += 500
        }
        return found
    }
}
