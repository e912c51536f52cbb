/// RFC 3986 percent-decoding and the path checks every request passes. HTTP imports nothing, so
/// it reads its `%XX` digits itself; every other target uses GranaryCrypto's `PercentEscapes` and `Hex`.
public enum PercentEncoding {
    /// Decodes %XX escapes; nil for a malformed escape or bytes that are not UTF-8.
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else if plusAsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Splits a raw path into decoded segments. Rejects (nil) NUL bytes, control characters,
    /// "." and ".." segments (also when encoded), and malformed escapes. Empty segments from
    /// repeated or trailing slashes are dropped; `hasTrailingSlash` tells whether one was there.
    public static func segments(ofRawPath rawPath: String) -> [String]? {
        guard rawPath.hasPrefix("/") else { return nil }
        var out = [String]()
        out.reserveCapacity(8)
        for piece in rawPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            // Most segments carry no escape: taken as they are, without a decoding copy.
            let decoded: String
            if piece.contains(UInt8(ascii: "%")) {
                guard let text = decode(String(Substring(piece))) else { return nil }
                decoded = text
            } else {
                decoded = String(Substring(piece))
            }
            if decoded == "." || decoded == ".." { return nil }
            if decoded.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) { return nil }
            out.append(decoded)
        }
        return out
    }

    private static func hexValue(_ char: UInt8) -> UInt8? {
        switch char {
        case 0x30...0x39: char - 0x30
        case 0x61...0x66: char - 0x61 + 10
        case 0x41...0x46: char - 0x41 + 10
        default: nil
        }
    }
}
