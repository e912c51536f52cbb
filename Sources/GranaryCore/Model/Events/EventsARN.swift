/// EventBridge's ARNs, `arn:aws:events:REGION:ACCOUNT:…`, as EventBridge writes them: the bus
/// (`event-bus/NAME`), rules (`rule/NAME` on the default bus, `rule/BUS/NAME` on another),
/// connections and API destinations (`connection/NAME/UUID`, `api-destination/NAME/UUID`),
/// archives and replays (`archive/NAME`, `replay/NAME`).
public enum EventsARN {
    /// Every account has this bus, implicitly.
    public static let defaultBus = "default"

    static func prefix(_ region: String, _ account: String) -> String { "arn:\(ARN.partition):events:\(region):\(account):" }

    public static func eventBus(region: String, account: String, name: String) -> String {
        prefix(region, account) + "event-bus/" + name
    }

    public static func rule(region: String, account: String, bus: String, name: String) -> String {
        prefix(region, account) + (bus == defaultBus ? "rule/\(name)" : "rule/\(bus)/\(name)")
    }

    public static func connection(region: String, account: String, name: String, uuid: String) -> String {
        prefix(region, account) + "connection/\(name)/\(uuid)"
    }

    public static func apiDestination(region: String, account: String, name: String, uuid: String) -> String {
        prefix(region, account) + "api-destination/\(name)/\(uuid)"
    }

    public static func archive(region: String, account: String, name: String) -> String { prefix(region, account) + "archive/\(name)" }

    public static func replay(region: String, account: String, name: String) -> String { prefix(region, account) + "replay/\(name)" }

    /// An events ARN taken apart: `resourceType` is what comes before the first `/`, `path` the
    /// `/`-separated rest.
    public struct Parsed: Equatable, Sendable {
        public let region: String
        public let account: String
        public let resourceType: String
        public let path: [String]
    }

    /// nil unless `text` is `arn:aws:events:REGION:ACCOUNT:TYPE/…` with a 12-digit account.
    public static func parse(_ text: String) -> Parsed? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == Substring(ARN.partition), parts[2] == "events", !parts[3].isEmpty,
            Identifiers.isAccountId(String(parts[4]))
        else { return nil }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard resource.count >= 2, !resource[0].isEmpty else { return nil }
        return Parsed(region: String(parts[3]), account: String(parts[4]), resourceType: resource[0], path: Array(resource.dropFirst()))
    }
}
