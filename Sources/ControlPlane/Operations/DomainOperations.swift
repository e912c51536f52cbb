import GranaryCore
import HTTP

/// CreateDomain, DescribeDomain, ListDomains, DeleteDomain.
enum DomainOperations {
    struct CreateBody: Decodable {
        let encryptionKey: String?
        let tags: [TagWire]?
    }

    struct ListBody: Decodable {
        let maxResults: Int?
        let nextToken: String?
    }

    struct DomainResult: Encodable { let domain: DomainWire }

    struct ListResult: Encodable {
        let domains: [DomainWire]
        let nextToken: String?
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/domain") { call in
            let body = try call.decode(CreateBody.self)
            let domain = try DomainService(call.services).create(
                name: try call.query("domain"), encryptionKey: body.encryptionKey, tags: (body.tags ?? []).map(\.tag))
            return try APIResponse.json(DomainResult(domain: DomainWire(domain, region: call.region)))
        }
        registrar.add("GET", "/v1/domain") { call in
            let domain = try DomainService(call.services).describe(try call.domainReference())
            return try APIResponse.json(DomainResult(domain: DomainWire(domain, region: call.region)))
        }
        registrar.add("DELETE", "/v1/domain") { call in
            let domain = try DomainService(call.services).delete(try call.domainReference())
            return try APIResponse.json(DomainResult(domain: DomainWire(domain, region: call.region, status: "Deleted")))
        }
        registrar.add("POST", "/v1/domains") { call in
            let body = try call.decode(ListBody.self)
            let limit = try call.maxResults(fromBody: body.maxResults ?? 1000)
            let scope = "ListDomains"
            let domains = try DomainService(call.services).list(after: try call.cursor(scope: scope, token: body.nextToken), limit: limit + 1)
            let (page, next) = call.page(domains, limit: limit, scope: scope) { $0.name }
            return try APIResponse.json(ListResult(domains: page.map { DomainWire($0, region: call.region, detail: false) }, nextToken: next))
        }
    }
}
