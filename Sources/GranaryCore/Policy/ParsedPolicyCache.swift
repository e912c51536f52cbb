/// Parsed policies by their text, for one worker thread. A document's text determines its parse
/// exactly, so an entry can never be stale: a changed policy is a different key.
public final class ParsedPolicyCache {
    private var entries: [String: Policy] = [:]
    private let limit: Int

    public init(limit: Int = 1024) {
        self.limit = limit
    }

    public func policy(_ text: String, kind: Policy.Kind) throws(ServiceError) -> Policy {
        let key = kind.rawValue + "\u{0}" + text
        if let policy = entries[key] { return policy }
        let policy = try Policy.parse(text, kind: kind)
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = policy
        return policy
    }
}
