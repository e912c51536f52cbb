/// Hexadecimal digits and byte strings: the one hex codec of Granary (digests, percent escapes
/// in `PercentEscapes`, JSON's `\uXXXX` in FormatKit). Only `HTTP`, which imports nothing,
/// reads its percent escapes by itself.
public enum Hex {

    /// Lower-case hex (`uppercase`: upper-case) of the bytes.
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digit(byte >> 4, uppercase: uppercase))
            out.append(digit(byte & 0x0f, uppercase: uppercase))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII digit of a value 0…15 (only the low four bits are read).
    @inlinable
    public static func digit(_ value: UInt8, uppercase: Bool = false) -> UInt8 {
        let nibble = value & 0x0f
        return nibble < 10 ? 0x30 + nibble : (uppercase ? 0x41 : 0x61) + nibble - 10
    }

    /// Decodes hex (either case); nil for odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = digitValue(chars[index]), let low = digitValue(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// True for exactly `length` lower-case hex characters (how blob addresses are written).
    public static func isLowerHex(_ text: some StringProtocol, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The value of one ASCII hex digit (either case); nil for any other byte.
    @inlinable
    public static func digitValue(_ char: UInt8) -> UInt8? {
        switch char {
        case 0x30...0x39: char - 0x30
        case 0x61...0x66: char - 0x61 + 10
        case 0x41...0x46: char - 0x41 + 10
        default: nil
        }
    }
}
