import GranaryCore
import HTTP

/// Token revocation, policy templates and explain: the rest of Granary's own JSON API.
enum GranaryAccessOperations {
    struct RevokeBody: Decodable { let token: String }
    struct RevokedResult: Encodable {
        let userArn: String?
        let revoked: String
    }

    struct TemplateSummary: Encodable {
        let name: String
        let description: String
        let appliesTo: String
    }

    struct TemplatesResult: Encodable { let templates: [TemplateSummary] }
    struct TemplateResult: Encodable {
        let name: String
        let policyDocument: String
    }

    struct ExplainBody: Decodable {
        let principalArn: String
        let action: String
        let resource: String
    }

    struct ExplainResult: Encodable {
        /// A deciding statement; when the caller may not read its policy (`ExplainVisibility`),
        /// only `side`, `effect` and `redacted: true`.
        struct Statement: Encodable {
            let policyName: String?
            let side: String
            let index: Int?
            let sid: String?
            let effect: String
            let redacted: Bool
        }

        let decision: String
        let crossAccount: Bool
        let statements: [Statement]
        let missingAllowFrom: [String]
    }

    static func register<Context>(_ registrar: inout OperationRegistrar<Context>) {
        registrar.add("POST", "/granary/v1/tokens/revoke") { call in
            let body = try call.decode(RevokeBody.self)
            try call.authorizeGranary(.revokeToken, arn: ARN.user(account: call.principal.accountId, name: "*"))
            let token: AuthorizationToken
            do {
                token = try call.services.tokens.inspect(body.token)
            } catch {
                throw APIError.validation("That is not a token this server issued, or it has expired.")
            }
            guard let user = try call.services.accounts.users(accountId: call.principal.accountId).first(where: { $0.userId == token.userId }) else {
                throw ServiceError(.accessDenied, "The token was not issued to a user of your account.")
            }
            _ = try call.services.tokens.revoke(body.token)
            return try APIResponse.json(RevokedResult(userArn: user.arn, revoked: "token"))
        }
        registrar.add("POST", "/granary/v1/users/:user/tokens/revoke") { call in
            let user = try call.existingUserParameter(authorizing: .revokeUserTokens)
            try call.services.tokens.revokeAll(userId: user.userId)
            return try APIResponse.json(RevokedResult(userArn: user.arn, revoked: "all tokens issued until now"))
        }
        registrar.add("GET", "/granary/v1/policy-templates") { call in
            try call.authorizeGranary(.getPolicyTemplate, arn: "*")
            return try APIResponse.json(TemplatesResult(templates: PolicyTemplates.Template.allCases.map {
                TemplateSummary(name: $0.rawValue, description: $0.summary, appliesTo: $0.isRepositoryTemplate ? "repository" : "domain")
            }))
        }
        registrar.add("GET", "/granary/v1/policy-templates/:name", repeatableQuery: ["principal"]) { call in
            try call.authorizeGranary(.getPolicyTemplate, arn: "*")
            let name = call.request.parameters["name"] ?? ""
            guard let template = PolicyTemplates.Template(rawValue: name) else {
                throw ServiceError.notFound("No policy template named \(name).", id: name, type: "policy-template")
            }
            let principals = call.request.query.values("principal")
            let document = try PolicyTemplates.document(template, resourceArn: try call.query("resourceArn"), principals: principals)
            return try APIResponse.json(TemplateResult(name: template.rawValue, policyDocument: document))
        }
        registrar.add("POST", "/granary/v1/explain") { call in
            let body = try call.decode(ExplainBody.self)
            let parts = body.principalArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "iam", String(parts[4]) == call.principal.accountId, parts[5].hasPrefix("user/") else {
                try call.authorizeGranary(.explain, arn: body.principalArn)
                throw APIError.validation("principalArn must be the ARN of a user of your account (arn:aws:iam::ACCOUNT:user/NAME).")
            }
            // The user as stored, authorized under its own ARN (`ADMIN` is explained as `admin`).
            let named = String(parts[5].dropFirst(5))
            guard let user = try call.resolvedUser(named, authorizing: .explain) else {
                throw AccountService.noSuchUser(call.principal.accountId, named)
            }
            let subject = Principal(accountId: user.accountId, userName: user.userName, userId: user.userId)
            let owner = ResourceOwner.account(of: body.resource) ?? call.principal.accountId
            let decision = try call.services.authorizer.explain(
                subject, action: body.action, resourceArn: body.resource, resourceOwner: owner, keys: [:])
            var visibility = ExplainVisibility(caller: call.principal, authorizer: call.services.authorizer, subjectArn: user.arn)
            var statements: [ExplainResult.Statement] = []
            var hidden = Set<String>()
            for statement in decision.statements {
                let side = statement.side.rawValue, effect = statement.effect.rawValue
                if try visibility.mayRead(statement) {
                    statements.append(.init(
                        policyName: statement.policyName, side: side, index: statement.index, sid: statement.sid, effect: effect,
                        redacted: false))
                } else if hidden.insert(side + " " + effect).inserted {
                    // One entry per side and effect: not even how many statements matched.
                    statements.append(.init(policyName: nil, side: side, index: nil, sid: nil, effect: effect, redacted: true))
                }
            }
            return try APIResponse.json(ExplainResult(
                decision: decision.effect.rawValue, crossAccount: decision.crossAccount, statements: statements,
                missingAllowFrom: decision.missingAllowFrom.map(\.rawValue)))
        }
    }
}

/// The account in an ARN's fifth field, when it is an account id.
enum ResourceOwner {
    static func account(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, Identifiers.isAccountId(String(parts[4])) else { return nil }
        return String(parts[4])
    }
}
