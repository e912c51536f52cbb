import ControlPlane
import GranaryCore

/// API destinations of the caller's account: `events:<Action>` on the destination's ARN (the
/// stored one; `api-destination/NAME/*` for a name that has none). The connection named by
/// ConnectionArn must be one of the account's own.
struct ApiDestinationService {
    let call: EventsCall

    private var store: EventConnectionStore { call.stores.connections }

    func existing(_ name: String, for action: EventsAction) throws -> ApiDestination {
        try call.apiDestinations.existing(name, for: action)
    }

    /// The account's connection a ConnectionArn names (same region and account, name and uuid).
    func connection(_ arn: String) throws -> EventConnection {
        let connections = call.connections
        let path = try connections.path(of: arn, type: "connection", parts: 2, member: "ConnectionArn")
        guard let stored = try connections.find(path[0]), stored.connection.uuid == path[1] else { throw connections.notFound(path[0]) }
        return stored.connection
    }

    /// Authorized on the new destination's ARN before its connection is looked up.
    func create(name: String, connectionArn: String, make: (_ uuid: String, EventConnection) -> ApiDestination) throws -> ApiDestination {
        let uuid = Identifiers.newUUID()
        let arn = EventsARN.apiDestination(region: call.region, account: call.account, name: name, uuid: uuid)
        try call.services.authorize(.createApiDestination, arn: arn, owner: call.account)
        let destination = make(uuid, try connection(connectionArn))
        // The destination and its signing secret (sealed for its stored row) are written together.
        return try call.services.transactions.atomically {
            do {
                try store.insertDestination(destination)
            } catch is DuplicateKey {
                throw ServiceError.conflict("ApiDestination \(destination.name) already exists.", id: destination.name, type: "apidestination")
            }
            let created = try existing(destination.name, for: .createApiDestination)
            let secret = try DestinationSigningSecret.generate().sealed(for: created, in: call.services)
            try store.setSigningSecret(destinationId: created.id, sealed: secret)
            return created
        }
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
