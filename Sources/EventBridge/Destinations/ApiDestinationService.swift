import ControlPlane
import GranaryCore

/// API destinations of the caller's account: `events:<Action>` on the destination's ARN (the
/// stored one; `api-destination/NAME/*` for a name that has none). The connection named by
/// ConnectionArn must be one of the account's own.
struct ApiDestinationService {
    let call: EventsCall

    private var store: EventConnectionStore { call.stores.connections }

    static func notFound(_ name: String) -> ServiceError {
        ServiceError.notFound("ApiDestination '\(name)' does not exist.", id: name, type: "api-destination")
    }

    func resolve(_ name: String, for action: EventsAction) throws -> ApiDestination? {
        try call.services.authorizeResolved(
            action, owner: call.account, find: { try store.destination(accountId: call.account, name: name) },
            arn: { $0?.arn(region: call.region) ?? EventsARN.apiDestination(region: call.region, account: call.account, name: name, uuid: "*") })
    }

    func existing(_ name: String, for action: EventsAction) throws -> ApiDestination {
        guard let found = try resolve(name, for: action) else { throw Self.notFound(name) }
        return found
    }

    /// The account's connection a ConnectionArn names (same region and account, name and uuid).
    func connection(_ arn: String) throws -> EventConnection {
        try EventsValidation.length(arn, "ConnectionArn", 1...1600)
        guard let parsed = EventsARN.parse(arn), parsed.resourceType == "connection", parsed.path.count == 2 else {
            throw ServiceError.validation("Parameter ConnectionArn is not valid. Reason: \(arn) is not a connection ARN.")
        }
        guard parsed.account == call.account, parsed.region == call.region else {
            throw ServiceError.validation(
                "Parameter ConnectionArn is not valid. Reason: the connection must be one of account \(call.account) in \(call.region).")
        }
        guard let stored = try store.connection(accountId: call.account, name: parsed.path[0]), stored.connection.uuid == parsed.path[1] else {
            throw ConnectionService.notFound(parsed.path[0])
        }
        return stored.connection
    }

    /// Authorized on the new destination's ARN before its connection is looked up.
    func create(name: String, connectionArn: String, make: (_ uuid: String, EventConnection) -> ApiDestination) throws -> ApiDestination {
        let uuid = Identifiers.newUUID()
        let arn = EventsARN.apiDestination(region: call.region, account: call.account, name: name, uuid: uuid)
        try call.services.authorize(.createApiDestination, arn: arn, owner: call.account)
        let destination = make(uuid, try connection(connectionArn))
        do {
            try store.insertDestination(destination)
        } catch is DuplicateKey {
            throw ServiceError.conflict("ApiDestination '\(destination.name)' already exists.", id: destination.name, type: "api-destination")
        }
        return try existing(destination.name, for: .createApiDestination)
    }

    func update(_ name: String, _ change: (inout ApiDestination) throws -> Void) throws -> ApiDestination {
        var destination = try existing(name, for: .updateApiDestination)
        try change(&destination)
        try store.updateDestination(destination)
        return try existing(name, for: .updateApiDestination)
    }

    func delete(_ name: String) throws {
        try store.deleteDestination(id: try existing(name, for: .deleteApiDestination).id)
    }

    func list(prefix: String?, connectionArn: String?, token: String?, limit: Int) throws -> ([ApiDestination], String?) {
        try call.services.authorize(.listApiDestinations, arn: "*", owner: call.account)
        let scope = "\(call.account)\n\(prefix ?? "")\n\(connectionArn ?? "")"
        let after = try call.call.cursor(scope: scope, token: token)
        let connectionId = try connectionArn.map { try connection($0).id }
        let found = try store.destinations(
            accountId: call.account, namePrefix: prefix, connectionId: connectionId, after: after, limit: limit + 1)
        return call.call.page(found, limit: limit, scope: scope, cursor: \.name)
    }
}
