#if canImport(Glibc)
import Glibc
#endif
import GranaryCore
import GranaryCrypto

/// The server master key: 32 random bytes in a file only its owner can read. Seals secrets with
/// AES-256-GCM, binding each to its context (an access key's id) as associated data.
public struct FileMasterKey: SecretSealer {
    private let key: [UInt8]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "cannot open master key \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &buffer, buffer.count)
        guard count == AESGCM.keySize else {
            throw Failure(description: "master key \(path) must hold exactly \(AESGCM.keySize) bytes (has \(count))")
        }
        key = Array(buffer.prefix(AESGCM.keySize))
    }

    public init(key: [UInt8]) { self.key = key }

    /// A key for one purpose (page tokens, authorization tokens), derived so that the master key
    /// itself never leaves this type.
    public func derivedKey(purpose: String) -> [UInt8] {
        HMAC.sha256(key: key, message: "granary/" + purpose)
    }

    public func seal(_ secret: [UInt8], context: String) throws -> [UInt8] {
        try AESGCM.seal(secret, key: key, associatedData: Array(context.utf8))
    }

    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        try AESGCM.open(sealed, key: key, associatedData: Array(context.utf8))
    }
}
