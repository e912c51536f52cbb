import Events
import FormatKit
import FoundationEssentials
import GranaryCore

/// The dispatcher's first two steps, each one transaction on the caller's store:
/// - `routeOutbox`: package events committed to the outbox go onto the default bus of the
///   domain owner and, when another account, of the repository administrator (CodeArtifact
///   delivers to both), shaped as EventBridge shapes events; the outbox rows are deleted.
/// - `routeBuses`: each bus event not matched yet meets its bus's enabled rules and archives:
///   a delivery per matching rule's target (its input applied now) and a copy per matching
///   archive; the event is marked routed in the same transaction, so it is matched once.
public final class EventRouter {
    public static let defaultBus = "default"

    let region: String
    let cache = PatternCache()
    /// A rendered body beyond this is not delivered (EventBridge's events are ≤ 256 KiB; a
    /// template may copy one many times).
    let maximumBodyBytes: Int

    public init(region: String, maximumBodyBytes: Int = 1 << 20) {
        self.region = region
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Returns how many outbox rows it moved.
    public func routeOutbox(_ store: EventDispatchStore, _ transactions: TransactionRunner, limit: Int = 200) throws -> Int {
        try transactions.atomically {
            let entries = try store.claimOutbox(limit: limit)
            guard !entries.isEmpty else { return 0 }
            try store.appendOnce(entries.flatMap(busEvents))
            try store.deleteOutbox(ids: entries.map(\.id))
            return entries.count
        }
    }

    /// The bus events of one outbox row: one per receiving account.
    func busEvents(_ entry: OutboxEntry) -> [BusEvent] {
        guard let parsed = try? OrderedJSON.parse(entry.body), let object = parsed.objectValue else { return [] }
        let shaped = Self.envelopeOrder(object)
        let body = String(decoding: OrderedJSON.object(shaped).serialized(), as: UTF8.self)
        let owner = object["detail"]?["domainOwner"]?.stringValue ?? object["account"]?.stringValue ?? ""
        var accounts = [owner]
        if let administrator = object["detail"]?["repositoryAdministrator"]?.stringValue, administrator != owner {
            accounts.append(administrator)
        }
        return accounts.filter { !$0.isEmpty }.map { account in
            BusEvent(
                accountId: account, busName: Self.defaultBus, uuid: entry.uuid, source: object["source"]?.stringValue ?? "aws.codeartifact",
                detailType: entry.detailType, body: body)
        }
    }

    /// EventBridge's member order: version, id, detail-type, source, account, time, region,
    /// resources, detail (then anything else as it came).
    static func envelopeOrder(_ object: OrderedJSONObject) -> OrderedJSONObject {
        let order = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]
        var shaped = OrderedJSONObject()
        for key in order { if let value = object[key] { shaped[key] = value } }
        for (key, value) in object.entries where shaped[key] == nil { shaped[key] = value }
        return shaped
    }

    /// Returns how many bus events it matched.
    public func routeBuses(_ store: EventDispatchStore, _ transactions: TransactionRunner, limit: Int = 200) throws -> Int {
        try transactions.atomically {
            let events = try store.claimUnrouted(limit: limit)
            guard !events.isEmpty else { return 0 }
            var buses: [String: (rules: [RoutableRule], archives: [EventArchive])] = [:]
            var deliveries: [NewDelivery] = []
            for event in events {
                let key = event.accountId + "/" + event.busName
                if buses[key] == nil {
                    buses[key] = (
                        try store.enabledRules(accountId: event.accountId, bus: event.busName),
                        try store.archives(accountId: event.accountId, bus: event.busName)
                    )
                }
                guard let bus = buses[key], let parsed = try? OrderedJSON.parse(event.body) else { continue }
                for archive in bus.archives where archive.eventPattern.map({ cache.pattern($0)?.matches(parsed) ?? false }) ?? true {
                    try store.archive(event, archiveId: archive.id)
                }
                deliveries += self.deliveries(of: event, parsed: parsed, rules: bus.rules, replayName: nil)
            }
            try store.insertDeliveries(deliveries)
            try store.markRouted(ids: events.map(\.sequence))
            return events.count
        }
    }

    /// One delivery per target of every rule the event matches.
    func deliveries(of event: BusEvent, parsed: OrderedJSON, rules: [RoutableRule], replayName: String?) -> [NewDelivery] {
        var deliveries: [NewDelivery] = []
        let ingestion = Timestamps.iso8601Seconds(Date(timeIntervalSince1970: event.createdAt))
        for routable in rules where cache.pattern(routable.rule.eventPattern)?.matches(parsed) ?? false {
            let context = TargetInputContext(
                ruleArn: routable.rule.arn(region: region), ruleName: routable.rule.name, ingestionTime: ingestion)
            for target in routable.targets {
                // A target whose input cannot be applied is not skipped: its delivery goes to the
                // dead letters, where the rule's owner sees why.
                var deadReason: String?
                let body: [UInt8]
                if let input = cache.input(target.input) {
                    if let rendered = input.render(parsed, context: context, maximumBytes: maximumBodyBytes) {
                        body = rendered
                    } else {
                        body = parsed.serialized()
                        deadReason = "the target's input made a body over \(maximumBodyBytes) bytes"
                    }
                } else {
                    body = parsed.serialized()
                    deadReason = "the target's input is no longer valid"
                }
                deliveries.append(
                    NewDelivery(
                        route: DeliveryRoute(
                            accountId: routable.rule.accountId, eventUUID: event.uuid, ruleName: routable.rule.name, targetId: target.id,
                            destinationArn: target.arn, httpParameters: target.httpParameters, replayName: replayName,
                            body: String(decoding: body, as: UTF8.self)),
                        busName: routable.rule.busName,
                        maxRetries: target.retryPolicy?.maximumRetryAttempts ?? EventTarget.defaultMaximumRetryAttempts,
                        eventTime: event.createdAt,
                        maxAgeSeconds: target.retryPolicy?.maximumEventAgeSeconds ?? EventTarget.defaultMaximumEventAgeSeconds,
                        deadReason: deadReason))
            }
        }
        return deliveries
    }
}
