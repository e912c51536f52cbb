#if canImport(Glibc)
import Glibc
#endif
import GranaryCore
import GranaryCrypto

/// Plaintext blobs on local disk at `root/sha256/ab/cd/<sha256>`, written through `root/tmp/`.
/// nginx serves them from its internal location `internalPrefix` (aliased to `root/sha256/`).
public struct DiskBlobStore: BlobStore {
    public let root: String
    public let internalPrefix: String
    static let chunkSize = 256 * 1024

    public init(root: String, internalPrefix: String = "/_blobs/") throws {
        self.root = root
        self.internalPrefix = internalPrefix
        for directory in [root, root + "/tmp", root + "/sha256"] {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw BlobStoreError.io("mkdir \(directory): \(Self.lastError)") }
        }
    }

    static var lastError: String { String(cString: strerror(errno)) }

    /// "ab/cd/abcd…": where an address lives below `sha256/` (and below the nginx location).
    public static func relativePath(_ sha256: String) -> String {
        "\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    public func path(of sha256: String) -> String { root + "/sha256/" + Self.relativePath(sha256) }

    public func store(limit: Int?, expectedSHA256: String? = nil, read: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> BlobRecord {
        try store(limit: limit, expectedSHA256: expectedSHA256, inspect: { _ in }, read: read)
    }

    public func store(
        limit: Int?, expectedSHA256: String?, inspect: (StagedBlob) throws -> Void, read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws -> BlobRecord {
        try store(limit: limit, expectedSHA256: expectedSHA256, inspect: inspect) { sink in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = try read(buffer)
                if count == 0 { return }
                try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    public func store(
        limit: Int?, expectedSHA256: String?, inspect: (StagedBlob) throws -> Void, produce: (BlobSink) throws -> Void
    ) throws -> BlobRecord {
        let temporary = root + "/tmp/" + Hex.encode(SecureRandom.bytes(16)) + ".part"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobStoreError.io("create \(temporary): \(Self.lastError)") }
        var keep = false
        defer {
            if !keep { unlink(temporary) }
        }
        let digests: Digests
        do {
            defer { close(fd) }
            let sink = FileBlobSink(fd: fd, limit: limit)
            try produce(sink)
            digests = sink.digest.finish()
            guard fsync(fd) == 0 else { throw BlobStoreError.io("fsync: \(Self.lastError)") }
        }
        let record = BlobRecord(digests)
        if let expectedSHA256, expectedSHA256 != record.sha256 {
            throw BlobStoreError.digestMismatch(expected: expectedSHA256, actual: record.sha256)
        }
        try inspect(StagedBlob(record: record, path: temporary))
        let target = path(of: record.sha256)
        try makeParents(of: record.sha256)
        if access(target, F_OK) != 0 {
            guard rename(temporary, target) == 0 else { throw BlobStoreError.io("rename to \(target): \(Self.lastError)") }
            keep = true
            syncDirectory(of: target)
        }
        return record
    }

    private func makeParents(of sha256: String) throws {
        let first = root + "/sha256/" + sha256.prefix(2)
        let second = first + "/" + sha256.dropFirst(2).prefix(2)
        for directory in [first, second] where mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw BlobStoreError.io("mkdir \(directory): \(Self.lastError)")
        }
    }

    private func syncDirectory(of file: String) {
        guard let slash = file.lastIndex(of: "/") else { return }
        let fd = open(String(file[..<slash]), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    public func contains(sha256: String) -> Bool {
        BlobRecord.isAddress(sha256) && access(path(of: sha256), F_OK) == 0
    }

    public func delivery(sha256: String) -> BlobDelivery {
        .internalRedirect(path: internalPrefix + Self.relativePath(sha256))
    }
}

/// Hashes and writes what it is given to the temporary file of a blob being stored.
final class FileBlobSink: BlobSink {
    let fd: Int32
    let limit: Int?
    let digest = MultiDigest()

    init(fd: Int32, limit: Int?) {
        self.fd = fd
        self.limit = limit
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        guard chunk.count > 0 else { return }
        digest.update(chunk)
        if let limit, digest.count > limit { throw BlobStoreError.tooLarge(limit: limit) }
        guard writeFully(fd, chunk) else { throw BlobStoreError.io("write: \(DiskBlobStore.lastError)") }
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes and EINTR; false on an error (errno says which).
func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var written = 0
    while written < bytes.count {
        let result = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { return false }
        written += result
    }
    return true
}
