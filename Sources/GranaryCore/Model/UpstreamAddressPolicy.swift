/// Which addresses Granary may connect to when it fetches for a user (external connections and
/// the file URLs their indexes name). Checked on the address actually connected to, after name
/// resolution and on every redirect, by the upstream client. Loopback, link-local, private,
/// shared (CGNAT), multicast, reserved and documentation ranges are refused unless the operator
/// lists them in `allowed` (`GRANARY_UPSTREAM_ALLOW_NETWORKS`); nothing an account defines
/// through the API widens it.
public struct UpstreamAddressPolicy: Sendable, Equatable {
    /// Networks the operator allows although they are special-purpose.
    public let allowed: [CIDRBlock]

    public init(allowed: [CIDRBlock] = []) {
        self.allowed = allowed
    }

    /// From the operator's list (`"127.0.0.1/32"`, `"10.20.0.0/16"`, `"fd00::/8"`, a bare address).
    /// Throws naming the first entry that is not an address or CIDR block.
    public init(allowing networks: [String]) throws(InvalidNetwork) {
        var blocks: [CIDRBlock] = []
        for text in networks {
            let trimmed = String(text.filter { $0 != " " && $0 != "\t" })
            if trimmed.isEmpty { continue }
            guard let block = CIDRBlock(trimmed) else { throw InvalidNetwork(text: text) }
            blocks.append(block)
        }
        self.init(allowed: blocks)
    }

    public struct InvalidNetwork: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String { "'\(text)' is not an IPv4 or IPv6 address or CIDR block" }
    }

    /// nil when Granary may connect to `address` (4 or 16 bytes, network order); otherwise what
    /// kind of address it is ("loopback", "private", …), for the log. An IPv4-mapped IPv6
    /// address (`::ffff:a.b.c.d`) is judged, and allowed, as its IPv4 address.
    public func refusal(of address: [UInt8]) -> String? {
        let address = Self.unmapped(address)
        if allowed.contains(where: { $0.contains(address: address) }) { return nil }
        return Self.specialPurpose(address)
    }

    /// The kind of special-purpose address, nil for an ordinary global unicast one. Anything
    /// that is neither 4 nor 16 bytes is "malformed".
    public static func specialPurpose(_ address: [UInt8]) -> String? {
        let address = unmapped(address)
        let table: [(CIDRBlock, String)]
        switch address.count {
        case 4: table = ipv4Ranges
        case 16:
            // Translation prefixes carry an IPv4 address: judged as that address.
            for (prefix, offset) in embeddingPrefixes where prefix.contains(address: address) {
                return specialPurpose(Array(address[offset..<offset + 4]))
            }
            table = ipv6Ranges
        default: return "malformed"
        }
        return table.first { $0.0.contains(address: address) }?.1
    }

    /// `::ffff:a.b.c.d` → `a.b.c.d`; anything else unchanged.
    public static func unmapped(_ address: [UInt8]) -> [UInt8] {
        guard address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xff, address[11] == 0xff else {
            return address
        }
        return Array(address[12..<16])
    }

    private static func ranges(_ entries: [(String, String)]) -> [(CIDRBlock, String)] {
        entries.map { (CIDRBlock($0.0)!, $0.1) }
    }

    /// IANA's IPv4 special-purpose registry, as far as reaching them on a user's behalf matters.
    static let ipv4Ranges = ranges([
        ("0.0.0.0/8", "this-network"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "shared (CGNAT)"),
        ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignment"), ("192.0.2.0/24", "documentation"), ("192.88.99.0/24", "6to4 relay"),
        ("192.168.0.0/16", "private"), ("198.18.0.0/15", "benchmarking"), ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
    ])

    /// IPv6 special-purpose ranges (mapped addresses are unwrapped before these are consulted).
    static let ipv6Ranges = ranges([
        ("::1/128", "loopback"), ("::/128", "unspecified"), ("::/96", "IPv4-compatible (deprecated)"),
        ("64:ff9b:1::/48", "local-use translation"), ("100::/64", "discard-only"), ("2001::/32", "Teredo"),
        ("2001:db8::/32", "documentation"), ("fc00::/7", "unique local (private)"), ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local (deprecated)"), ("ff00::/8", "multicast"), ("::/8", "reserved"),
    ])

    /// NAT64 (`64:ff9b::/96`, IPv4 in the last 4 bytes) and 6to4 (`2002::/16`, in bytes 2…5).
    static let embeddingPrefixes: [(CIDRBlock, Int)] = [(CIDRBlock("64:ff9b::/96")!, 12), (CIDRBlock("2002::/16")!, 2)]
}
