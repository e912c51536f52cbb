import FoundationEssentials
import GranaryCore
import HTTP

/// Granary's own JSON API for what CodeArtifact leaves to IAM: users of the caller's account,
/// their access keys and identity policies. SigV4-signed like the CodeArtifact API; actions are
/// `granary:<Action>` on the user's ARN. Described in docs/granary-api.openapi.json.
enum GranaryUserOperations {
    struct CreateUserBody: Decodable { let userName: String }
    struct UserWire: Encodable {
        let userName: String
        let userId: String
        let arn: String
        let accountId: String
        let createdAt: String

        init(_ user: User) {
            userName = user.userName
            userId = user.userId
            arn = user.arn
            accountId = user.accountId
            createdAt = user.createdAt
        }
    }

    struct UsersResult: Encodable { let users: [UserWire] }
    struct UserResult: Encodable { let user: UserWire }

    struct AccessKeyWire: Encodable {
        let accessKeyId: String
        let userName: String
        let status: String
        let createdAt: String
        let secretAccessKey: String?
    }

    struct AccessKeysResult: Encodable { let accessKeys: [AccessKeyWire] }
    struct AccessKeyResult: Encodable { let accessKey: AccessKeyWire }

    struct PolicyBody: Decodable { let policyDocument: String }
    struct PolicyWire: Encodable {
        let policyName: String
        let policyDocument: String
    }

    struct PoliciesResult: Encodable { let policies: [PolicyWire] }
    struct PolicyResult: Encodable { let policy: PolicyWire }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("GET", "/granary/v1/users") { call in
            try call.authorizeGranary(.listUsers, arn: "*")
            return try APIResponse.json(UsersResult(users: try call.services.accounts.users(accountId: call.principal.accountId).map(UserWire.init)))
        }
        registrar.add("POST", "/granary/v1/users") { call in
            let body = try call.decode(CreateUserBody.self)
            _ = try call.resolvedUser(body.userName, authorizing: .createUser)
            let user = try call.services.accounts.createUser(accountId: call.principal.accountId, name: body.userName)
            return try APIResponse.json(UserResult(user: UserWire(user)), status: .created)
        }
        registrar.add("POST", "/granary/v1/users/:user/access-keys") { call in
            let user = try call.userParameter(authorizing: .createAccessKey)
            let key = try call.services.accounts.createAccessKey(accountId: call.principal.accountId, userName: user)
            return try APIResponse.json(
                AccessKeyResult(accessKey: AccessKeyWire(
                    accessKeyId: key.accessKey.accessKeyId, userName: key.accessKey.userName, status: key.accessKey.status,
                    createdAt: key.accessKey.createdAt, secretAccessKey: key.secretAccessKey)), status: .created)
        }
        registrar.add("GET", "/granary/v1/users/:user/access-keys") { call in
            let user = try call.existingUserParameter(authorizing: .listAccessKeys).userName
            let keys = try call.services.accounts.accessKeys(accountId: call.principal.accountId, userName: user)
            return try APIResponse.json(AccessKeysResult(accessKeys: keys.map {
                AccessKeyWire(accessKeyId: $0.accessKeyId, userName: $0.userName, status: $0.status, createdAt: $0.createdAt, secretAccessKey: nil)
            }))
        }
        registrar.add("GET", "/granary/v1/users/:user/policies") { call in
            let user = try call.userParameter(authorizing: .listUserPolicies)
            let policies = try call.services.accounts.userPolicies(accountId: call.principal.accountId, userName: user)
            return try APIResponse.json(PoliciesResult(policies: policies.map { PolicyWire(policyName: $0.name, policyDocument: $0.document) }))
        }
        registrar.add("GET", "/granary/v1/users/:user/policies/:name") { call in
            let user = try call.userParameter(authorizing: .getUserPolicy)
            let name = call.request.parameters["name"] ?? ""
            let policies = try call.services.accounts.userPolicies(accountId: call.principal.accountId, userName: user)
            guard let found = policies.first(where: { $0.name == name }) else {
                throw ServiceError.notFound("User \(user) has no policy named \(name).", id: name, type: "policy")
            }
            return try APIResponse.json(PolicyResult(policy: PolicyWire(policyName: found.name, policyDocument: found.document)))
        }
        registrar.add("PUT", "/granary/v1/users/:user/policies/:name") { call in
            let user = try call.userParameter(authorizing: .putUserPolicy)
            let name = call.request.parameters["name"] ?? ""
            let body = try call.decode(PolicyBody.self)
            try call.services.accounts.putUserPolicy(accountId: call.principal.accountId, userName: user, name: name, document: body.policyDocument)
            return try APIResponse.json(PolicyResult(policy: PolicyWire(policyName: name, policyDocument: body.policyDocument)))
        }
        registrar.add("DELETE", "/granary/v1/users/:user/policies/:name") { call in
            let user = try call.userParameter(authorizing: .deleteUserPolicy)
            try call.services.accounts.deleteUserPolicy(accountId: call.principal.accountId, userName: user, name: call.request.parameters["name"] ?? "")
            return APIResponse.empty()
        }
    }
}

extension APICall {
    /// Authorizes a `granary:` action on `arn`, a resource of the caller's own account.
    func authorizeGranary(_ action: Action, arn: String) throws {
        try services.authorize(action, arn: arn, owner: principal.accountId)
    }

    /// The `:user` path parameter (a user of the caller's account) as stored, authorized for
    /// `action`; as spelled when no user has that name (the handler's lookup then 404s).
    func userParameter(authorizing action: Action) throws -> String {
        let user = try userPathName()
        return try resolvedUser(user, authorizing: action)?.userName ?? user
    }

    private func userPathName() throws -> String {
        let name = request.parameters["user"] ?? ""
        guard Identifiers.isName(name) else { throw APIError.validation("The user name in the path is not valid.") }
        return name
    }

    /// The `:user` path parameter's stored user, authorized for `action`; NotFound (after
    /// authorizing the name as spelled) when there is none.
    func existingUserParameter(authorizing action: Action) throws -> User {
        let name = try userPathName()
        guard let user = try resolvedUser(name, authorizing: action) else { throw AccountService.noSuchUser(principal.accountId, name) }
        return user
    }

    /// The user of the caller's account `name` finds, with `action` authorized on the stored
    /// user's ARN (IAM names are case-insensitive: `ADMIN` is authorized as `user/admin`).
    func resolvedUser(_ name: String, authorizing action: Action) throws -> User? {
        let account = principal.accountId
        return try services.authorizeResolved(
            action, owner: account, find: { try services.accounts.user(account, name) },
            arn: { ARN.user(account: account, name: $0?.userName ?? name) })
    }
}
