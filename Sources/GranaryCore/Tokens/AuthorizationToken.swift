import FoundationEssentials
import GranaryCrypto

/// An authorization token: who it acts as, for which domain, until when. Self-verifying — its
/// claims and an HMAC-SHA-256 under a server key — so checking one costs no lookup but the
/// revocation check, and no token is ever stored. The text is `base64url(claims) "." base64url(mac)`:
/// only `[A-Za-z0-9_.-]`, safe in URLs, netrc files and Basic credentials.
public struct AuthorizationToken: Sendable, Equatable {
    public let id: [UInt8]
    public let userId: String
    public let domainOwner: String
    public let domainName: String
    public let issuedMs: Int64
    public let expiresMs: Int64

    static let version = "gt1"

    public init(id: [UInt8], userId: String, domainOwner: String, domainName: String, issuedMs: Int64, expiresMs: Int64) {
        self.id = id
        self.userId = userId
        self.domainOwner = domainOwner
        self.domainName = domainName
        self.issuedMs = issuedMs
        self.expiresMs = expiresMs
    }

    var claims: String {
        [Self.version, Hex.encode(id), userId, domainOwner, domainName, String(issuedMs), String(expiresMs)].joined(separator: "|")
    }

    public func encoded(key: [UInt8]) -> String {
        let payload = Base64URL.encode(Array(claims.utf8))
        return payload + "." + Base64URL.encode(HMAC.sha256(key: key, message: payload))
    }

    public enum Failure: Error, Equatable {
        case malformed
        case badSignature
        case expired
    }

    /// Checks the MAC (in constant time) and the expiry; nil-free: throws what is wrong.
    public static func decode(_ text: String, key: [UInt8], nowMs: Int64) throws(Failure) -> AuthorizationToken {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // Only the canonical encoding is accepted: base64 leaves a few spare bits in its last
        // character, and a token must have exactly one spelling.
        guard parts.count == 2, text.utf8.count < 1024, let mac = Base64URL.decode(parts[1]), Base64URL.encode(mac) == parts[1]
        else { throw .malformed }
        guard constantTimeEquals(mac, HMAC.sha256(key: key, message: String(parts[0]))) else { throw .badSignature }
        guard let payload = Base64URL.decode(parts[0]), Base64URL.encode(payload) == parts[0] else { throw .malformed }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7, fields[0] == version, let id = Hex.decode(fields[1]), id.count == 16,
            let issued = Int64(fields[5]), let expires = Int64(fields[6])
        else { throw .malformed }
        guard nowMs < expires else { throw .expired }
        return AuthorizationToken(
            id: id, userId: fields[2], domainOwner: fields[3], domainName: fields[4], issuedMs: issued, expiresMs: expires)
    }
}

/// base64url without padding (RFC 4648 §5), byte by byte: every package request decodes a token.
public enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(chunk >> UInt32(shift) & 0x3f)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out.append(alphabet[Int(chunk >> 18 & 0x3f)])
            out.append(alphabet[Int(chunk >> 12 & 0x3f)])
            if rest == 2 { out.append(alphabet[Int(chunk >> 6 & 0x3f)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil for characters outside the alphabet, padding, or an impossible length.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(bytes: Array(text.utf8))
    }

    public static func decode(bytes input: [UInt8]) -> [UInt8]? {
        guard input.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let value = values[Int(byte)]
            guard value != 0xff else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}
