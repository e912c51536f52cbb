import ControlPlane
import FoundationEssentials
import FormatKit
import GranaryCore

/// PutEvents: up to 10 entries, each on the bus it names (the caller's default bus when it names
/// none), `events:PutEvents` authorized on every bus named before anything is written. Entries
/// EventBridge would refuse one by one (a missing Source, DetailType or Detail, a Detail that is
/// not a JSON object, an `aws.` source, a bus that does not exist) fail in `Entries` with its
/// error codes; the rest are written to `bus_events` in one transaction.
enum PutEventsOperation {
    /// EventBridge's limit on a request's entries, in bytes as it counts them.
    static let maximumRequestSize = 256 * 1024
    /// Source and DetailType are kept in columns of this size.
    static let maximumNameLength = 256

    struct Entry {
        let bus: EventBusReference
        let time: Double?
        let source: String?
        let detailType: String?
        let detail: String?
        let resources: [String]

        /// EventBridge's entry size: the UTF-8 bytes of Source, DetailType, Detail and each
        /// resource, and 14 for a Time.
        var size: Int {
            (time == nil ? 0 : 14) + (source?.utf8.count ?? 0) + (detailType?.utf8.count ?? 0) + (detail?.utf8.count ?? 0)
                + resources.reduce(0) { $0 + $1.utf8.count }
        }
    }

    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("PutEvents") { call, context in try putEvents(EventsCall(call, context)) }
    }

    static func putEvents(_ call: EventsCall) throws -> JSON11Output {
        let items = try EventsValidation.required(call.input.structures("Entries"), "Entries")
        guard (1...10).contains(items.count) else {
            throw EventsValidation.failure(nil, "Entries", "Member must have length between 1 and 10")
        }
        if call.input.has("EndpointId") { throw EventsError.unsupported("EndpointId", "Granary has no global endpoints.") }
        let entries = try items.map { try entry($0, call) }
        guard entries.reduce(0, { $0 + $1.size }) <= maximumRequestSize else {
            throw ServiceError.validation("Total size of the entries in the request is over the limit of \(maximumRequestSize) bytes.")
        }
        for bus in Set(entries.map(\.bus)).sorted(by: { $0.arn(region: call.region) < $1.arn(region: call.region) }) {
            try call.services.authorize(.putEvents, arn: bus.arn(region: call.region), owner: bus.owner)
        }
        let now = Date().timeIntervalSince1970
        var results: [JSON11Output] = []
        var accepted: [BusEvent] = []
        for entry in entries {
            var result = JSON11Output()
            switch accept(entry, call: call, now: now) {
            case .success(let event):
                accepted.append(event)
                result["EventId"] = event.uuid
            case .failure(let refusal):
                result["ErrorCode"] = refusal.code
                result["ErrorMessage"] = refusal.message
            }
            results.append(result)
        }
        if !accepted.isEmpty { try call.services.transactions.atomically { try call.stores.events.append(accepted) } }
        var out = JSON11Output()
        out.set("FailedEntryCount", entries.count - accepted.count)
        out.set("Entries", results)
        return out
    }

    private static func entry(_ input: JSON11Input, _ call: EventsCall) throws -> Entry {
        let resources = try input.strings("Resources") ?? []
        for resource in resources { try EventsValidation.length(resource, input.path + "Resources", 0...2048) }
        if let trace = try input.string("TraceHeader") { try EventsValidation.length(trace, input.path + "TraceHeader", 1...500) }
        return Entry(
            bus: try EventBusReference.parse(input.string("EventBusName"), member: input.path + "EventBusName", in: call, nonPartner: true),
            time: try input.timestamp("Time"), source: try input.string("Source"), detailType: try input.string("DetailType"),
            detail: try input.string("Detail"), resources: resources)
    }

    struct Refusal: Error {
        let code: String
        let message: String
    }

    private static func accept(_ entry: Entry, call: EventsCall, now: Double) -> Result<BusEvent, Refusal> {
        let required = { (member: String) in
            Refusal(code: "InvalidArgument", message: "Parameter \(member) is not valid. Reason: \(member) is a required argument.")
        }
        guard let source = entry.source, !source.isEmpty else { return .failure(required("Source")) }
        guard let detailType = entry.detailType, !detailType.isEmpty else { return .failure(required("DetailType")) }
        guard let detailText = entry.detail else { return .failure(required("Detail")) }
        for (member, value) in [("Source", source), ("DetailType", detailType)] where value.unicodeScalars.count > maximumNameLength {
            return .failure(Refusal(
                code: "InvalidArgument", message: "Parameter \(member) is not valid. Reason: it is longer than \(maximumNameLength) characters."))
        }
        if source.lowercased().hasPrefix("aws.") {
            return .failure(Refusal(code: "NotAuthorizedForSourceException", message: "Not authorized for the source \(source)."))
        }
        guard let detail = try? OrderedJSON.parse(detailText), case .object = detail else {
            return .failure(Refusal(code: "MalformedDetail", message: "Detail is malformed: it must be a JSON object."))
        }
        guard entry.bus.exists else { return .failure(Refusal(code: "ResourceNotFoundException", message: entry.bus.notFound().message)) }
        let id = Identifiers.newUUID()
        let body = EventEnvelope.json(
            id: id, detailType: detailType, source: source, account: entry.bus.owner, time: entry.time ?? now, region: call.region,
            resources: entry.resources, detail: detail)
        return .success(BusEvent(accountId: entry.bus.owner, busName: entry.bus.name, uuid: id, source: source, detailType: detailType, body: body))
    }
}
