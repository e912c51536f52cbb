import GranaryCore
import HTTP

/// Create/Describe/Update/Delete/List(InDomain) repositories, external connections, endpoints.
enum RepositoryOperations {
    struct Upstream: Decodable { let repositoryName: String }

    struct CreateBody: Decodable {
        let description: String?
        let upstreams: [Upstream]?
        let tags: [TagWire]?
    }

    struct UpdateBody: Decodable {
        let description: String?
        let upstreams: [Upstream]?
    }

    struct RepositoryResult: Encodable { let repository: RepositoryWire }

    struct ListResult: Encodable {
        let repositories: [RepositoryWire]
        let nextToken: String?
    }

    struct EndpointResult: Encodable { let repositoryEndpoint: String }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/repository") { call in
            let body = try call.decode(CreateBody.self)
            let repository = try RepositoryService(call.services).create(
                try call.domainReference(), name: try call.query("repository"), description: body.description,
                upstreams: (body.upstreams ?? []).map(\.repositoryName), tags: (body.tags ?? []).map(\.tag))
            return try result(repository, call)
        }
        registrar.add("GET", "/v1/repository") { call in
            try result(try RepositoryService(call.services).describe(try call.domainReference(), try call.query("repository")), call)
        }
        registrar.add("PUT", "/v1/repository") { call in
            let body = try call.decode(UpdateBody.self)
            let repository = try RepositoryService(call.services).update(
                try call.domainReference(), try call.query("repository"), description: body.description,
                upstreams: body.upstreams.map { $0.map(\.repositoryName) })
            return try result(repository, call)
        }
        registrar.add("DELETE", "/v1/repository") { call in
            try result(try RepositoryService(call.services).delete(try call.domainReference(), try call.query("repository")), call)
        }
        registrar.add("POST", "/v1/repositories") { call in
            let limit = try call.maxResults()
            let scope = "ListRepositories"
            let repositories = try RepositoryService(call.services).list(
                prefix: call.optionalQuery("repository-prefix"), after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(repositories, limit: limit, scope: scope) { "\($0.name)/\($0.id)" }
            return try APIResponse.json(ListResult(repositories: page.map { RepositoryWire($0, region: call.region, detail: false) }, nextToken: next))
        }
        registrar.add("POST", "/v1/domain/repositories") { call in
            let reference = try call.domainReference()
            let limit = try call.maxResults()
            let scope = "ListRepositoriesInDomain/\(reference.owner ?? call.principal.accountId)/\(reference.name)"
            let repositories = try RepositoryService(call.services).listInDomain(
                reference, administrator: call.optionalQuery("administrator-account"), prefix: call.optionalQuery("repository-prefix"),
                after: try call.cursor(scope: scope), limit: limit + 1)
            let (page, next) = call.page(repositories, limit: limit, scope: scope) { $0.name }
            return try APIResponse.json(ListResult(repositories: page.map { RepositoryWire($0, region: call.region, detail: false) }, nextToken: next))
        }
        registrar.add("POST", "/v1/repository/external-connection") { call in
            try result(
                try RepositoryService(call.services).associateExternalConnection(
                    try call.domainReference(), try call.query("repository"), connection: try call.query("external-connection")), call)
        }
        registrar.add("DELETE", "/v1/repository/external-connection") { call in
            try result(
                try RepositoryService(call.services).disassociateExternalConnection(
                    try call.domainReference(), try call.query("repository"), connection: try call.query("external-connection")), call)
        }
        registrar.add("GET", "/v1/repository/endpoint") { call in
            let endpoint = try RepositoryService(call.services).endpoint(
                try call.domainReference(), try call.query("repository"), format: try call.query("format"),
                publicEndpoint: call.publicEndpoint)
            return try APIResponse.json(EndpointResult(repositoryEndpoint: endpoint))
        }
    }

    static func result(_ repository: Repository, _ call: APICall) throws -> Response {
        try APIResponse.json(RepositoryResult(repository: RepositoryWire(repository, region: call.region)))
    }
}
