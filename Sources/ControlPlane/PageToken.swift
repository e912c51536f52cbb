import GranaryCore
import GranaryCrypto

/// `nextToken`: the keyset cursor of a list, bound to its operation and signed, so a client can
/// neither forge one nor replay one against another list. base64url(cursor) "." hex(HMAC).
public struct PageToken: Sendable {
    let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    public func make(cursor: String, scope: String) -> String {
        let payload = Base64URL.encode(Array(cursor.utf8))
        return payload + "." + Hex.encode(HMAC.sha256(key: key, message: scope + "\n" + payload).prefix(16))
    }

    /// The cursor inside `token`; ValidationException for anything this server did not issue for `scope`.
    public func cursor(of token: String?, scope: String) throws -> String? {
        guard let token else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let mac = Hex.decode(parts[1]),
            constantTimeEquals(mac, Array(HMAC.sha256(key: key, message: scope + "\n" + parts[0]).prefix(16))),
            let bytes = Base64URL.decode(String(parts[0]))
        else { throw APIError.validation("The nextToken is not valid for this request.") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
