/// A `cidr` filter's network (`{"cidr": "10.0.0.0/24"}`, IPv4 or IPv6): a string value matches
/// when it is an address of the same family whose first `prefixLength` bits are the network's.
/// Validated as EventBridge validates it, with its messages ("Malformed CIDR, one '/' required").
struct CIDRRange: Sendable, Hashable {
    let network: IPAddress
    let prefixLength: Int

    init(parsing text: String) throws(EventPatternError) {
        // Like Java's String.split("/"): trailing empty parts are dropped.
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while parts.last?.isEmpty == true { parts.removeLast() }
        guard parts.count == 2 else { throw EventPatternError(reason: "Malformed CIDR, one '/' required") }
        guard let bits = Int(parts[1]) else {
            throw EventPatternError(reason: "Malformed CIDR, mask bits must be an integer")
        }
        guard bits >= 0 else { throw EventPatternError(reason: "Malformed CIDR, mask bits must not be negative") }
        guard let address = IPAddress(parts[0]) else {
            let kind = IPAddress.looksLikeAddress(parts[0]) ? "Invalid" : "Nonstandard"
            throw EventPatternError(reason: "\(kind) IP address: \(parts[0])")
        }
        // EventBridge (its Ruler library) refuses /32 for IPv4 and /128 for IPv6: an exact
        // address is written as a plain value.
        if address.bytes.count == 4, bits > 31 { throw EventPatternError(reason: "IPv4 mask bits must be < 32") }
        if address.bytes.count == 16, bits > 127 { throw EventPatternError(reason: "IPv6 mask bits must be < 128") }
        network = address
        prefixLength = bits
    }

    func contains(_ text: String) -> Bool {
        guard let address = IPAddress(text), address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(network.bytes, address.bytes) where remaining > 0 {
            let bits = min(remaining, 8)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine & mask != theirs & mask { return false }
            remaining -= bits
        }
        return true
    }
}
