/// An account: the unit of ownership, like an AWS account. Its id is 12 digits.
public struct Account: Sendable, Equatable, Codable {
    public let accountId: String
    public let name: String
    public let organizationId: String?
    public let createdAt: String

    public init(accountId: String, name: String, organizationId: String?, createdAt: String) {
        self.accountId = accountId
        self.name = name
        self.organizationId = organizationId
        self.createdAt = createdAt
    }
}

/// A user of an account: the principal behind access keys and authorization tokens.
public struct User: Sendable, Equatable, Codable {
    public let accountId: String
    public let userName: String
    public let userId: String
    public let arn: String
    public let createdAt: String

    public init(accountId: String, userName: String, userId: String, createdAt: String) {
        self.accountId = accountId
        self.userName = userName
        self.userId = userId
        self.arn = ARN.user(account: accountId, name: userName)
        self.createdAt = createdAt
    }
}

/// An access key as listed: never its secret.
public struct AccessKey: Sendable, Equatable, Codable {
    public let accessKeyId: String
    public let accountId: String
    public let userName: String
    public let status: String
    public let createdAt: String

    public init(accessKeyId: String, accountId: String, userName: String, status: String, createdAt: String) {
        self.accessKeyId = accessKeyId
        self.accountId = accountId
        self.userName = userName
        self.status = status
        self.createdAt = createdAt
    }
}

/// A new access key with its secret, shown exactly once.
public struct NewAccessKey: Sendable, Codable {
    public let accessKey: AccessKey
    public let secretAccessKey: String
}
