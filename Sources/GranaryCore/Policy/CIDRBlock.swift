/// An IPv4 or IPv6 network as the IpAddress / NotIpAddress operators write it: `203.0.113.0/24`,
/// `2001:db8::/32`, or a bare address (a /32 or /128). Addresses of the other family never match.
public struct CIDRBlock: Sendable, Equatable {
    public let address: [UInt8]
    public let prefixLength: Int

    /// Nil for anything that is not an address with an optional in-range prefix length.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.parseAddress(String(parts[0])) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].count <= 3,
                let length = Int(parts[1]), length <= maximum
            else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    /// Whether `text` is an address of this family inside this network.
    public func contains(_ text: String) -> Bool {
        guard let candidate = Self.parseAddress(text) else { return false }
        return contains(address: candidate)
    }

    /// Whether `candidate` (4 or 16 bytes, network order) is an address of this family inside this network.
    public func contains(address candidate: [UInt8]) -> Bool {
        guard candidate.count == address.count else { return false }
        var remaining = prefixLength
        for index in address.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if candidate[index] & mask != address[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// 4 bytes for IPv4, 16 for IPv6 (with `::` compression and an optional dotted IPv4 tail).
    public static func parseAddress(_ text: String) -> [UInt8]? {
        text.contains(":") ? parseIPv6(text) : parseIPv4(Substring(text))
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(part) else {
                return nil
            }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = splitAll(text, "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let count = head.count + tail.count
        if halves.count == 2 {
            guard count < 16 else { return nil }
            return head + Array(repeating: 0, count: 16 - count) + tail
        }
        return count == 16 ? head : nil
    }

    /// `text` split at every `separator` (no empty-piece dropping).
    private static func splitAll(_ text: String, _ separator: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: separator) {
            pieces.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        pieces.append(String(rest))
        return pieces
    }

    /// The bytes of colon-separated hex groups, the last of which may be a dotted IPv4 address.
    private static func groups(_ text: String) -> [UInt8]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains(".") {
                guard let v4 = parseIPv4(part) else { return nil }
                bytes += v4
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16) else {
                return nil
            }
            bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        return bytes
    }
}
