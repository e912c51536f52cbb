import GranaryCore
import HTTP

/// Get/Put/Delete of domain and repository permissions policies.
enum PolicyOperations {
    struct PutDomainBody: Decodable {
        let domain: String
        let domainOwner: String?
        let policyRevision: String?
        let policyDocument: String
    }

    struct PutRepositoryBody: Decodable {
        let policyRevision: String?
        let policyDocument: String
    }

    struct PolicyResult: Encodable { let policy: ResourcePolicyWire }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("GET", "/v1/domain/permissions/policy") { call in
            try result(try PolicyService(call.services).get(.domain(try call.domainReference())))
        }
        registrar.add("PUT", "/v1/domain/permissions/policy") { call in
            let body = try call.decode(PutDomainBody.self)
            let target = PolicyService.Target.domain(DomainReference(name: body.domain, owner: body.domainOwner))
            return try result(
                try PolicyService(call.services).put(target, document: body.policyDocument, expectedRevision: body.policyRevision))
        }
        registrar.add("DELETE", "/v1/domain/permissions/policy") { call in
            try result(
                try PolicyService(call.services).delete(
                    .domain(try call.domainReference()), expectedRevision: call.optionalQuery("policy-revision")))
        }
        registrar.add("GET", "/v1/repository/permissions/policy") { call in
            try result(try PolicyService(call.services).get(.repository(try call.domainReference(), try call.query("repository"))))
        }
        registrar.add("PUT", "/v1/repository/permissions/policy") { call in
            let body = try call.decode(PutRepositoryBody.self)
            let target = PolicyService.Target.repository(try call.domainReference(), try call.query("repository"))
            return try result(
                try PolicyService(call.services).put(target, document: body.policyDocument, expectedRevision: body.policyRevision))
        }
        registrar.add("DELETE", "/v1/repository/permissions/policies") { call in
            try result(
                try PolicyService(call.services).delete(
                    .repository(try call.domainReference(), try call.query("repository")),
                    expectedRevision: call.optionalQuery("policy-revision")))
        }
    }

    static func result(_ policy: ResourcePolicy) throws -> Response {
        try APIResponse.json(PolicyResult(policy: ResourcePolicyWire(policy)))
    }
}
