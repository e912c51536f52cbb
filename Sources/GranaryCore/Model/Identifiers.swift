import GranaryCrypto

/// Generates and checks the identifiers Granary hands out, in AWS's shapes.
public enum Identifiers {
    private static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A 12-digit account id that does not start with 0.
    public static func newAccountId() -> String {
        String(100_000_000_000 + SecureRandom.integer(below: 900_000_000_000))
    }

    /// "AKIA" + 16 base32 characters, as IAM access key ids look.
    public static func newAccessKeyId() -> String { "AKIA" + randomString(16, from: base32) }

    /// "AIDA" + 17 base32 characters, as IAM user ids look.
    public static func newUserId() -> String { "AIDA" + randomString(17, from: base32) }

    /// 40 characters from [A-Za-z0-9]: URL-, netrc- and shell-safe.
    public static func newSecretAccessKey() -> String { randomString(40, from: secretAlphabet) }

    /// A random (version 4) UUID, lower case: event ids, key ids.
    public static func newUUID() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = Hex.encode(bytes)
        return [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
            .joined(separator: "-")
    }

    static func randomString(_ count: Int, from alphabet: [UInt8]) -> String {
        let bytes = (0..<count).map { _ in alphabet[Int(SecureRandom.integer(below: UInt64(alphabet.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An access key id as IAM issues them: 16 to 128 upper-case letters and digits (Granary's
    /// own are "AKIA" + 16 base32). Anything else (lower case, too long, other characters) names
    /// no key: checked before a lookup, so a case-insensitive match never stands in for the key.
    public static func isAccessKeyId(_ text: String) -> Bool {
        (16...128).contains(text.utf8.count)
            && text.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    public static func isAccountId(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (48...57).contains($0) }
    }

    /// Account and user names: 1–64 of [A-Za-z0-9+=,.@_-], as IAM user names.
    public static func isName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "+=,.@_-".unicodeScalars.contains($0) }
    }
}

extension Identifiers {
    /// AWS Organizations ids: "o-" and 10 to 32 lower-case letters or digits.
    public static func isOrganizationId(_ text: String) -> Bool {
        guard text.hasPrefix("o-") else { return false }
        let rest = text.dropFirst(2)
        return (10...32).contains(rest.count) && rest.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
