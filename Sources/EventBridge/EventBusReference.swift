import ControlPlane
import GranaryCore

/// The bus a request names (`EventBusName`: a name, which is the caller's, or an ARN, which
/// may be another account's), before it is authorized. Every account has `default`, and only it.
struct EventBusReference: Hashable {
    let owner: String
    let name: String

    func arn(region: String) -> String { EventsARN.eventBus(region: region, account: owner, name: name) }

    var exists: Bool { name == EventsARN.defaultBus }

    /// The name of the rule `arn` names when it is a rule ARN of this bus, else nil.
    func ruleName(ofArn arn: String, region: String) -> String? {
        guard let parsed = EventsARN.parse(arn), parsed.resourceType == "rule", parsed.account == owner, parsed.region == region,
            let name = parsed.path.last, !name.isEmpty, name.utf8.allSatisfy(EventsValidation.isNameCharacter),
            arn == EventsARN.rule(region: region, account: owner, bus: self.name, name: name)
        else { return nil }
        return name
    }

    func notFound() -> ServiceError {
        ServiceError.notFound("Event bus \(name) does not exist.", id: name, type: "event-bus")
    }

    /// Throws ResourceNotFound for a bus that does not exist (after the caller was authorized).
    func existing() throws -> EventBusReference {
        guard exists else { throw notFound() }
        return self
    }

    static func caller(_ call: EventsCall) -> EventBusReference { EventBusReference(owner: call.account, name: EventsARN.defaultBus) }

    /// `text` as EventBusNameOrArn (absent: the caller's default bus). `nonPartner` is PutEvents'
    /// narrower pattern (no `/` in the name).
    static func parse(_ text: String?, member: String = "EventBusName", in call: EventsCall, nonPartner: Bool = false) throws
        -> EventBusReference
    {
        guard let text else { return caller(call) }
        try EventsValidation.length(text, member, 1...1600)
        let pattern = "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\(nonPartner ? "" : "/")\\.\\-_A-Za-z0-9]+"
        let nameOK = { (name: String) in
            !name.isEmpty && name.utf8.allSatisfy { EventsValidation.isNameCharacter($0) || (!nonPartner && $0 == UInt8(ascii: "/")) }
        }
        guard text.hasPrefix("arn:") else {
            guard nameOK(text) else { throw EventsValidation.failure(text, member, "Member must satisfy regular expression pattern: \(pattern)") }
            return EventBusReference(owner: call.account, name: text)
        }
        guard let parsed = EventsARN.parse(text), parsed.resourceType == "event-bus", nameOK(parsed.path.joined(separator: "/")) else {
            throw EventsValidation.failure(text, member, "Member must satisfy regular expression pattern: \(pattern)")
        }
        guard parsed.region == call.region else {
            throw ServiceError.validation("\(member) \(text) is not an event bus of region \(call.region).")
        }
        return EventBusReference(owner: parsed.account, name: parsed.path.joined(separator: "/"))
    }

    /// An ARN that must name an event bus of the caller's account (CreateArchive's
    /// EventSourceArn, StartReplay's Destination): refused as invalid otherwise.
    static func own(_ text: String, member: String, in call: EventsCall) throws -> EventBusReference {
        guard text.hasPrefix("arn:") else {
            throw ServiceError.validation("Parameter \(member) is not valid. Reason: \(text) is not an event bus ARN.")
        }
        let bus = try parse(text, member: member, in: call)
        guard bus.owner == call.account else {
            throw ServiceError.validation("Parameter \(member) is not valid. Reason: \(text) is not an event bus of account \(call.account).")
        }
        return bus
    }
}
