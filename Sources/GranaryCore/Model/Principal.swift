/// Who is calling: the user behind an access key (SigV4) or an authorization token.
public struct Principal: Sendable, Equatable {
    public let accountId: String
    public let userName: String
    public let userId: String
    public let organizationId: String?

    public init(accountId: String, userName: String, userId: String, organizationId: String? = nil) {
        self.accountId = accountId
        self.userName = userName
        self.userId = userId
        self.organizationId = organizationId
    }

    public var arn: String { ARN.user(account: accountId, name: userName) }
}
