import ControlPlane
import FoundationEssentials
import GranaryCore

/// Connections of the caller's account: `events:<Action>` on the connection's ARN (the stored
/// one; `connection/NAME/*` for a name that has none). Secrets are sealed under the master key
/// (`EventConnectionSecrets`) and never leave the store in any answer.
struct ConnectionService {
    let call: EventsCall

    private var store: EventConnectionStore { call.stores.connections }

    func existing(_ name: String, for action: EventsAction) throws -> StoredEventConnection {
        try call.connections.existing(name, for: action)
    }

    private func notFound(_ name: String) -> ServiceError { call.connections.notFound(name) }

    func create(name: String, description: String?, auth: ConnectionAuthInput) throws -> EventConnection {
        let connection = EventConnection(
            accountId: call.account, name: name, uuid: Identifiers.newUUID(), description: description, authorization: auth.type ?? .basic,
            authorizationName: auth.name ?? "", httpParameters: auth.httpParameters?.shown)
        try call.services.authorize(.createConnection, arn: connection.arn(region: call.region), owner: call.account)
        let secrets = EventConnectionSecrets(secret: auth.secret ?? "", httpParameters: auth.httpParameters)
        do {
            try store.insertConnection(connection, sealedSecrets: try secrets.sealed(for: connection, in: call.services))
        } catch is DuplicateKey {
            throw ServiceError.conflict("Connection \(name) already exists.", id: name, type: "connection")
        }
        return try existing(name, for: .createConnection).connection
    }

    /// What the update leaves out stays; a change of AuthorizationType needs the new type's
    /// parameters in full.
    func update(name: String, description: String?, auth: ConnectionAuthInput) throws -> EventConnection {
        _ = try existing(name, for: .updateConnection)
        try call.services.transactions.atomically {
            guard let stored = try store.lockConnection(accountId: call.account, name: name) else { throw notFound(name) }
            var connection = stored.connection
            var secrets = try EventConnectionSecrets.opened(stored.sealedSecrets, for: connection, in: call.services)
            if let type = auth.type, type != connection.authorization {
                guard auth.name != nil, auth.secret != nil else {
                    throw ServiceError.validation("AuthParameters must hold the parameters of AuthorizationType \(type.rawValue) in full.")
                }
                connection.authorization = type
            }
            if let description { connection.description = description }
            if let value = auth.name { connection.authorizationName = value }
            if let value = auth.secret { secrets.secret = value }
            if let parameters = auth.httpParameters {
                secrets.httpParameters = parameters
                connection.httpParameters = parameters.shown
            }
            try store.updateConnection(connection, sealedSecrets: try secrets.sealed(for: connection, in: call.services))
        }
        return try existing(name, for: .updateConnection).connection
    }

    /// Refused while an API destination uses the connection.
    func delete(_ name: String) throws -> EventConnection {
        _ = try existing(name, for: .deleteConnection)
        return try call.services.transactions.atomically {
            guard let stored = try store.lockConnection(accountId: call.account, name: name) else { throw notFound(name) }
            let users = try store.destinationNames(connectionId: stored.connection.id)
            guard users.isEmpty else {
                throw ServiceError.validation(
                    "Connection '\(name)' is used by the API destinations \(users.joined(separator: ", ")); delete them or give them "
                        + "another connection first.")
            }
            try store.deleteConnection(id: stored.connection.id)
            return stored.connection
        }
    }

    func list(prefix: String?, state: String?, token: String?, limit: Int) throws -> ([EventConnection], String?) {
        try call.services.authorize(.listConnections, arn: "*", owner: call.account)
        let scope = "\(call.account)\n\(prefix ?? "")\n\(state ?? "")"
        let after = try call.call.cursor(scope: scope, token: token)
        // Every Granary connection is AUTHORIZED: a filter on another state lists none.
        guard state == nil || state == ConnectionOperations.state else { return ([], nil) }
        let found = try store.connections(accountId: call.account, namePrefix: prefix, after: after, limit: limit + 1)
        return call.call.page(found, limit: limit, scope: scope, cursor: \.name)
    }
}
