import GranaryCore
import HTTP

/// External connections the caller's account defines: a name, a format (npm, pypi), a registry
/// URL and optional credentials (basic or bearer), which no answer ever contains — only their
/// type. Repositories of the account's domains associate one by name with CodeArtifact's
/// AssociateExternalConnection. Described in docs/granary-api.openapi.json.
enum GranaryConnectionOperations {
    struct CredentialsBody: Decodable {
        let type: String
        let username: String?
        let password: String?
        let token: String?
    }

    struct CreateBody: Decodable {
        let name: String
        let packageFormat: String
        let url: String
        let credentials: CredentialsBody?
    }

    struct ConnectionWire: Encodable {
        let name: String
        let arn: String
        let packageFormat: String
        let url: String
        /// "basic", "bearer" or "none".
        let credentialsType: String
        let createdAt: String

        init(_ definition: ExternalConnectionDefinition, region: String) {
            name = definition.name
            arn = definition.arn(region: region)
            packageFormat = definition.packageFormat.rawValue
            url = definition.baseURL
            credentialsType = definition.credentialsType?.rawValue ?? "none"
            createdAt = definition.createdAt
        }
    }

    struct ConnectionResult: Encodable { let externalConnection: ConnectionWire }
    struct ConnectionsResult: Encodable { let externalConnections: [ConnectionWire] }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("GET", "/granary/v1/external-connections") { call in
            let found = try ExternalConnectionService(call.services).list()
            return try APIResponse.json(ConnectionsResult(externalConnections: found.map { ConnectionWire($0, region: call.services.region) }))
        }
        registrar.add("POST", "/granary/v1/external-connections") { call in
            let body = try call.decode(CreateBody.self)
            let credentials = body.credentials.map {
                ExternalConnectionService.CredentialsInput(type: $0.type, username: $0.username, password: $0.password, token: $0.token)
            }
            let created = try ExternalConnectionService(call.services).create(
                name: body.name, packageFormat: body.packageFormat, url: body.url, credentials: credentials)
            return try APIResponse.json(
                ConnectionResult(externalConnection: ConnectionWire(created, region: call.services.region)), status: .created)
        }
        registrar.add("GET", "/granary/v1/external-connections/:name") { call in
            let found = try ExternalConnectionService(call.services).describe(call.request.parameters["name"] ?? "")
            return try APIResponse.json(ConnectionResult(externalConnection: ConnectionWire(found, region: call.services.region)))
        }
        registrar.add("DELETE", "/granary/v1/external-connections/:name") { call in
            let deleted = try ExternalConnectionService(call.services).delete(call.request.parameters["name"] ?? "")
            return try APIResponse.json(ConnectionResult(externalConnection: ConnectionWire(deleted, region: call.services.region)))
        }
    }
}
