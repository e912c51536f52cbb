/// `%XX` escapes (RFC 3986 percent-encoding) over bytes, with `Hex` for the digits: what SigV4's
/// canonical form, package-group ARNs and multipart `filename*` parameters (RFC 5987) share.
/// (`HTTP.PercentEncoding` reads request paths and queries: HTTP imports nothing.)
public enum PercentEscapes {
    /// What a `%` not followed by two hex digits means.
    public enum Malformed: Sendable {
        /// The text is not decodable: `decode` returns nil.
        case reject
        /// The `%` is a literal character.
        case keepLiteral
    }

    /// The bytes `text` stands for. `plusAsSpace`: `+` is a space (form and query encoding).
    @inlinable  // specialized where it is called (SigV4 canonicalizes every signed request)
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false, malformed: Malformed = .reject) -> [UInt8]? {
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                if index + 2 < bytes.count, let high = Hex.digitValue(bytes[index + 1]), let low = Hex.digitValue(bytes[index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
                guard malformed == .keepLiteral else { return nil }
            }
            out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return out
    }

    /// Every byte for which `keep` is false as `%XX` (upper-case digits when `uppercase`).
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = true, keeping keep: (UInt8) -> Bool) -> String {
        var out = [UInt8]()
        for byte in bytes {
            if keep(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(Hex.digit(byte >> 4, uppercase: uppercase))
                out.append(Hex.digit(byte & 0x0f, uppercase: uppercase))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
