/// An IPv4 (4 bytes) or IPv6 (16 bytes) address read from its text form, for `cidr` filters and
/// for exact-value filters whose value is an address (EventBridge compares those as addresses,
/// so `2001:db8::1` matches `2001:0db8:0:0:0:0:0:1`).
struct IPAddress: Sendable, Hashable {
    let bytes: [UInt8]

    /// `nil` unless `text` is a dotted-quad IPv4 address or an RFC 4291 IPv6 address
    /// (`::` compression and a trailing dotted quad allowed, no zone).
    init?(_ text: String) {
        if let v4 = Self.ipv4(Substring(text)) {
            bytes = v4
        } else if let v6 = Self.ipv6(text) {
            bytes = v6
        } else {
            return nil
        }
    }

    /// Whether `text` has the shape EventBridge reads as an address at all: four dot-separated
    /// runs of digits, or hex digits and colons with at least one colon. A text of that shape
    /// that is still no address is "Invalid"; any other is "Nonstandard".
    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isDecimalDigit) }) {
            return true
        }
        return text.utf8.contains(UInt8(ascii: ":")) && text.utf8.allSatisfy { $0 == UInt8(ascii: ":") || hexValue($0) != nil }
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy(isDecimalDigit),
                let value = Int(part), value <= 255
            else { return nil }
            result.append(UInt8(value))
        }
        return result
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        guard text.utf8.count <= 45, text.utf8.contains(UInt8(ascii: ":")) else { return nil }
        let halves = splitAtDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0], allowTrailingIPv4: halves.count == 1) else { return nil }
        var tail: [UInt8] = []
        if halves.count == 2 {
            guard let parsed = groups(halves[1], allowTrailingIPv4: true) else { return nil }
            tail = parsed
        }
        if halves.count == 1 {
            return head.count == 16 ? head : nil
        }
        guard head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// `text` cut at each `::`.
    private static func splitAtDoubleColon(_ text: String) -> [String] {
        var pieces: [String] = []
        var current: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.first {
            if byte == UInt8(ascii: ":"), bytes.dropFirst().first == UInt8(ascii: ":") {
                pieces.append(String(decoding: current, as: UTF8.self))
                current = []
                bytes = bytes.dropFirst(2)
            } else {
                current.append(byte)
                bytes = bytes.dropFirst()
            }
        }
        pieces.append(String(decoding: current, as: UTF8.self))
        return pieces
    }

    /// Colon-separated groups of 1–4 hex digits (the last may be a dotted quad), as bytes.
    private static func groups(_ text: String, allowTrailingIPv4: Bool) -> [UInt8]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt8] = []
        for (offset, part) in parts.enumerated() {
            if offset == parts.count - 1, allowTrailingIPv4, part.contains(".") {
                guard let v4 = ipv4(part) else { return nil }
                result += v4
                continue
            }
            guard (1...4).contains(part.utf8.count) else { return nil }
            var value: UInt16 = 0
            for byte in part.utf8 {
                guard let digit = hexValue(byte) else { return nil }
                value = value << 4 | UInt16(digit)
            }
            result += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        return result
    }
}
