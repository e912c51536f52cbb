import ControlPlane
import GranaryCore

/// A kind of named resource of the caller's account (connections, API destinations, archives,
/// replays): found by name, each action authorized on the ARN of the stored row — or of the
/// name as spelled, when there is none, so an unknown name is AccessDenied before NotFound.
struct AccountResource<Row> {
    let call: EventsCall
    /// What EventBridge calls it in messages (`Archive`, `Connection`, …).
    let kind: String
    let find: (String) throws -> Row?
    /// The ARN of the stored row, or (nil) of the name as spelled.
    let arn: (Row?, String) -> String

    func resolve(_ name: String, for action: EventsAction) throws -> Row? {
        try call.services.authorizeResolved(action, owner: call.account, find: { try find(name) }, arn: { arn($0, name) })
    }

    func existing(_ name: String, for action: EventsAction) throws -> Row {
        guard let found = try resolve(name, for: action) else { throw notFound(name) }
        return found
    }

    func notFound(_ name: String) -> ServiceError {
        ServiceError.notFound("\(kind) \(name) does not exist.", id: name, type: kind.lowercased())
    }

    /// The name parts of `arn` when it names a resource of `type` (`connection`, `archive`, …)
    /// with `parts` path components in the caller's account and region; ValidationException for
    /// anything else, naming `member`.
    func path(of arn: String, type: String, parts: Int, member: String) throws -> [String] {
        try EventsValidation.length(arn, member, 1...1600)
        guard let parsed = EventsARN.parse(arn), parsed.resourceType == type, parsed.path.count == parts,
            parsed.path.allSatisfy({ !$0.isEmpty })
        else {
            throw ServiceError.validation("Parameter \(member) is not valid. Reason: \(arn) is not a valid \(type) ARN.")
        }
        guard parsed.account == call.account, parsed.region == call.region else {
            throw ServiceError.validation(
                "Parameter \(member) is not valid. Reason: the \(type) must be one of account \(call.account) in \(call.region).")
        }
        return parsed.path
    }
}

extension EventsCall {
    var connections: AccountResource<StoredEventConnection> {
        AccountResource(
            call: self, kind: "Connection", find: { try stores.connections.connection(accountId: account, name: $0) },
            arn: { $0?.connection.arn(region: region) ?? EventsARN.connection(region: region, account: account, name: $1, uuid: "*") })
    }

    var apiDestinations: AccountResource<ApiDestination> {
        AccountResource(
            call: self, kind: "ApiDestination", find: { try stores.connections.destination(accountId: account, name: $0) },
            arn: { $0?.arn(region: region) ?? EventsARN.apiDestination(region: region, account: account, name: $1, uuid: "*") })
    }

    var archives: AccountResource<EventArchive> {
        AccountResource(
            call: self, kind: "Archive", find: { try stores.archives.archive(accountId: account, name: $0) },
            arn: { EventsARN.archive(region: region, account: account, name: $0?.name ?? $1) })
    }

    var replays: AccountResource<EventReplay> {
        AccountResource(
            call: self, kind: "Replay", find: { try stores.archives.replay(accountId: account, name: $0) },
            arn: { EventsARN.replay(region: region, account: account, name: $0?.name ?? $1) })
    }
}
