import COpenSSL

/// The message digests package formats need.
public enum DigestAlgorithm: Sendable, CaseIterable {
    case sha256, sha512, sha1, md5

    var evp: OpaquePointer? {
        switch self {
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        case .sha1: EVP_sha1()
        case .md5: EVP_md5()
        }
    }
}

/// A streaming digest: feed bytes with `update`, read the result once with `finish`.
/// Owns its OpenSSL context; use it on one thread.
public final class Digest {
    private let context: OpaquePointer
    public let algorithm: DigestAlgorithm

    public init(_ algorithm: DigestAlgorithm) {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.context = context
        self.algorithm = algorithm
        precondition(EVP_DigestInit_ex(context, algorithm.evp, nil) == 1, "EVP_DigestInit_ex failed")
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    public func update(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    public func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &out, &length) == 1, "EVP_DigestFinal_ex failed")
        return Array(out.prefix(Int(length)))
    }

    /// One-shot digest of a byte sequence.
    public static func hash(_ algorithm: DigestAlgorithm, _ bytes: some Sequence<UInt8>) -> [UInt8] {
        let digest = Digest(algorithm)
        digest.update(bytes)
        return digest.finish()
    }
}

/// All four digests in one streaming pass, as the blob store computes them.
public final class MultiDigest {
    private let sha256 = Digest(.sha256)
    private let sha512 = Digest(.sha512)
    private let sha1 = Digest(.sha1)
    private let md5 = Digest(.md5)
    public private(set) var count: Int = 0

    public init() {}

    public func update(_ bytes: UnsafeRawBufferPointer) {
        sha256.update(bytes)
        sha512.update(bytes)
        sha1.update(bytes)
        md5.update(bytes)
        count += bytes.count
    }

    public func finish() -> Digests {
        Digests(sha256: sha256.finish(), sha512: sha512.finish(), sha1: sha1.finish(), md5: md5.finish(), size: count)
    }
}

/// The digests of one blob, raw bytes.
public struct Digests: Sendable, Equatable {
    public var sha256: [UInt8]
    public var sha512: [UInt8]
    public var sha1: [UInt8]
    public var md5: [UInt8]
    public var size: Int

    public init(sha256: [UInt8], sha512: [UInt8], sha1: [UInt8], md5: [UInt8], size: Int) {
        self.sha256 = sha256
        self.sha512 = sha512
        self.sha1 = sha1
        self.md5 = md5
        self.size = size
    }
}
