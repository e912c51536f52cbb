import GranaryCrypto

/// A blob's identity and digests, hex-encoded. Blobs are content-addressed by SHA-256.
public struct BlobRecord: Sendable, Equatable, Codable {
    public let sha256: String
    public let sha512: String
    public let sha1: String
    public let md5: String
    public let size: Int

    public init(sha256: String, sha512: String, sha1: String, md5: String, size: Int) {
        self.sha256 = sha256
        self.sha512 = sha512
        self.sha1 = sha1
        self.md5 = md5
        self.size = size
    }

    public init(_ digests: Digests) {
        self.init(
            sha256: Hex.encode(digests.sha256), sha512: Hex.encode(digests.sha512), sha1: Hex.encode(digests.sha1),
            md5: Hex.encode(digests.md5), size: digests.size)
    }

    public static func isAddress(_ text: String) -> Bool { Hex.isLowerHex(text, length: 64) }
}

/// How a stored blob reaches a client. A plaintext blob is a file nginx sends itself; an
/// encrypted one (per-domain keys, later) is streamed through the worker, decrypted on the way.
public enum BlobDelivery {
    /// Path under nginx's internal blob location, for X-Accel-Redirect.
    case internalRedirect(path: String)
    /// Bytes produced by the worker: `write` is called with each chunk.
    case stream(size: Int, produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void)
}

/// Bytes on disk, content-addressed. Writing is one streaming pass: hash, write to a temporary
/// file, fsync, rename to the address. Nothing is visible at the address until it is complete.
public protocol BlobStore: Sendable {
    /// Reads from `read` until it returns 0. Refuses more than `limit` bytes, and content whose
    /// SHA-256 is not `expectedSHA256` (when given). The blob is durable on return; an error
    /// leaves nothing behind.
    func store(limit: Int?, expectedSHA256: String?, read: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> BlobRecord
    /// The same, with `inspect` called on the complete, durable file before it becomes visible at
    /// its address (a format reads the manifest inside an archive there): when it throws, nothing
    /// is stored.
    func store(
        limit: Int?, expectedSHA256: String?, inspect: (StagedBlob) throws -> Void, read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws -> BlobRecord
    /// The same, for bytes that are pushed rather than pulled (an upstream download): `produce`
    /// writes every chunk to the sink it is given.
    func store(
        limit: Int?, expectedSHA256: String?, inspect: (StagedBlob) throws -> Void, produce: (BlobSink) throws -> Void
    ) throws -> BlobRecord
    func contains(sha256: String) -> Bool
    func delivery(sha256: String) -> BlobDelivery
}

/// The rows that say a blob exists. A row is written only after its bytes are durable.
public protocol BlobCatalog {
    func record(_ blob: BlobRecord) throws
    func blob(sha256: String) throws -> BlobRecord?
    /// Of these addresses, the ones that have a row.
    func known(_ addresses: [String]) throws -> Set<String>
}

/// Where pushed bytes of a blob being stored go.
public protocol BlobSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A blob written but not yet at its address: its digests and the plaintext file holding it.
public struct StagedBlob: Sendable {
    public let record: BlobRecord
    public let path: String

    public init(record: BlobRecord, path: String) {
        self.record = record
        self.path = path
    }
}

public enum BlobStoreError: Error, Equatable {
    case tooLarge(limit: Int)
    case digestMismatch(expected: String, actual: String)
    case io(String)
}
