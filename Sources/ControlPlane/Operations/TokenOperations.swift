import GranaryCore
import HTTP

/// GetAuthorizationToken: a token bound to the caller and the domain, for package managers.
enum TokenOperations {
    struct Result: Encodable {
        let authorizationToken: String
        let expiration: Double
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/v1/authorization-token") { call in
            let duration = try call.optionalQuery("duration").map { text in
                guard let seconds = Int(text) else { throw APIError.validation("duration must be a number of seconds.") }
                return seconds
            }
            let domain = try call.services.domain(try call.domainReference(), for: .getAuthorizationToken)
            let (token, expiration) = try call.services.tokens.issue(for: call.principal, domain: domain, durationSeconds: duration)
            return try APIResponse.json(Result(authorizationToken: token, expiration: expiration))
        }
    }
}
