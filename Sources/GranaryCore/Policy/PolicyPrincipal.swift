/// The caller a policy is evaluated for: an IAM-style user (`arn:aws:iam::ID:user/NAME`) or an
/// account's root (`arn:aws:iam::ID:root`, with no user name). Supplies the principal condition keys
/// (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalType`,
/// `aws:username`, `aws:userid`).
public struct PolicyPrincipal: Sendable, Equatable {
    public let accountId: String
    /// Nil for an account root.
    public let userName: String?
    public let userId: String
    public let arn: String
    public let organizationId: String?

    public init(accountId: String, userName: String?, userId: String, arn: String, organizationId: String? = nil) {
        self.accountId = accountId
        self.userName = userName
        self.userId = userId
        self.arn = arn
        self.organizationId = organizationId
    }

    /// The user behind an access key or an authorization token.
    public init(_ principal: Principal) {
        self.init(
            accountId: principal.accountId, userName: principal.userName, userId: principal.userId, arn: principal.arn,
            organizationId: principal.organizationId)
    }

    /// An IAM user of `accountId`.
    public static func user(accountId: String, name: String, userId: String, organizationId: String? = nil) -> PolicyPrincipal {
        PolicyPrincipal(
            accountId: accountId, userName: name, userId: userId, arn: ARN.user(account: accountId, name: name),
            organizationId: organizationId)
    }

    /// The root of `accountId` (its `aws:userid` is the account id, as in AWS).
    public static func accountRoot(_ accountId: String, organizationId: String? = nil) -> PolicyPrincipal {
        PolicyPrincipal(
            accountId: accountId, userName: nil, userId: accountId, arn: ARN.accountRoot(accountId), organizationId: organizationId)
    }

    /// The condition keys this principal contributes to every request.
    var conditionKeys: [String: ConditionValue] {
        var keys: [String: ConditionValue] = [
            "aws:PrincipalArn": .string(arn),
            "aws:PrincipalAccount": .string(accountId),
            "aws:PrincipalType": .string(userName == nil ? "Account" : "User"),
            "aws:userid": .string(userId),
        ]
        if let userName { keys["aws:username"] = .string(userName) }
        if let organizationId { keys["aws:PrincipalOrgID"] = .string(organizationId) }
        return keys
    }
}
