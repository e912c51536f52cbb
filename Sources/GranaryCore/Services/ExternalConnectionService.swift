/// CreateExternalConnection, ListExternalConnections, DescribeExternalConnection and
/// DeleteExternalConnection (Granary's JSON API): connections of the caller's account to any
/// npm or PyPI registry, with optional credentials sealed under the master key. Actions are
/// `granary:<Action>` on the connection's ARN (`*` for the listing).
public struct ExternalConnectionService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    private var account: String { context.principal.accountId }

    private func arn(_ name: String) -> String { ARN.externalConnection(region: context.region, account: account, name: name) }

    /// Credentials as a request states them, checked only after the caller is authorized.
    public struct CredentialsInput {
        public let type: String
        public let username: String?
        public let password: String?
        public let token: String?

        public init(type: String, username: String?, password: String?, token: String?) {
            self.type = type
            self.username = username
            self.password = password
            self.token = token
        }
    }

    public func create(
        name: String, packageFormat: String, url: String, credentials input: CredentialsInput?
    ) throws -> ExternalConnectionDefinition {
        _ = try resolved(name, for: .createExternalConnection)
        let name = try Self.validName(name)
        guard let format = PackageFormat(rawValue: packageFormat), ExternalConnectionDefinition.supportedFormats.contains(format) else {
            throw ServiceError.validation(
                "packageFormat \(Validate.quoted(packageFormat)) is not supported for a defined external connection; supported: "
                    + ExternalConnectionDefinition.supportedFormats.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let baseURL = try Self.validURL(url)
        let credentials = try input.map(Self.credentials)
        let sealed = try credentials.map {
            try context.accounts.sealer.seal($0.secret, context: ExternalConnectionDefinition.sealContext(accountId: account, name: name))
        }
        do {
            try context.externalConnections.insertDefinition(
                ExternalConnectionDefinition(
                    accountId: account, name: name, packageFormat: format, baseURL: baseURL, credentialsType: credentials?.kind, createdAt: ""),
                sealedCredentials: sealed)
        } catch is DuplicateKey {
            throw ServiceError.conflict("External connection \(name) already exists.", id: name, type: "external-connection")
        }
        return try existing(name)
    }

    public func list() throws -> [ExternalConnectionDefinition] {
        try context.authorize(.listExternalConnections, arn: "*", owner: account)
        return try context.externalConnections.definitions(accountId: account)
    }

    public func describe(_ name: String) throws -> ExternalConnectionDefinition {
        guard let found = try resolved(name, for: .describeExternalConnection) else { throw notFound(name) }
        return found
    }

    /// Refused while a repository of the account's domains is associated with it.
    public func delete(_ name: String) throws -> ExternalConnectionDefinition {
        _ = try resolved(name, for: .deleteExternalConnection)
        return try context.transactions.atomically {
            let definition = try existing(name)
            _ = try context.externalConnections.deleteDefinition(accountId: account, name: name)
            // After the delete (its row lock held): an association made meanwhile under a shared
            // lock on the row is committed by now and seen here.
            let users = try context.externalConnections.repositories(using: name, accountId: account)
            guard users.isEmpty else {
                throw ServiceError.conflict(
                    "External connection \(name) is associated with \(users.joined(separator: ", ")); disassociate it first.", id: name,
                    type: "external-connection")
            }
            return definition
        }
    }

    private func existing(_ name: String) throws -> ExternalConnectionDefinition {
        guard let found = try context.externalConnections.definition(accountId: account, name: name) else { throw notFound(name) }
        return found.definition
    }

    /// The stored definition, with `action` authorized on its ARN (on the name as spelled when
    /// there is none: `ServiceContext.authorizeResolved`).
    private func resolved(_ name: String, for action: Action) throws -> ExternalConnectionDefinition? {
        try context.authorizeResolved(
            action, owner: account, find: { try context.externalConnections.definition(accountId: account, name: name)?.definition },
            arn: { arn($0?.name ?? name) })
    }

    private func notFound(_ name: String) -> ServiceError {
        ServiceError.notFound("External connection \(name) does not exist.", id: name, type: "external-connection")
    }

    /// CodeArtifact's repository-name characters (so never `public:…`), 2-100 of them.
    public static func validName(_ name: String) throws -> String {
        guard Names.isRepositoryName(name) else {
            throw ServiceError.validation(
                "External connection name \(Validate.quoted(name)) must be 2-100 letters, digits, '.', '_' and '-', starting with a letter or "
                    + "digit (names starting with public: are CodeArtifact's).")
        }
        return name
    }

    /// An absolute http or https URL with a host, no user info, query or fragment; "/" appended.
    static func validURL(_ url: String) throws -> String {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        let authority = url.dropFirst(scheme).prefix { $0 != "/" }
        guard scheme > 0, url.utf8.count <= 2000, URLOrigin.of(url) != nil, !authority.isEmpty, !authority.contains("@"),
            !url.contains("?"), !url.contains("#"), url.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 })
        else {
            throw ServiceError.validation(
                "url \(Validate.quoted(url)) must be an absolute http:// or https:// URL with a host and no user info, query or fragment.")
        }
        return url.hasSuffix("/") ? url : url + "/"
    }

    static func credentials(_ input: CredentialsInput) throws -> ExternalCredentials {
        let credentials: ExternalCredentials
        switch input.type {
        case "basic":
            guard let username = input.username, let password = input.password, input.token == nil else {
                throw ServiceError.validation("Basic credentials take username and password (and no token).")
            }
            credentials = .basic(username: username, password: password)
        case "bearer":
            guard let token = input.token, input.username == nil, input.password == nil else {
                throw ServiceError.validation("Bearer credentials take a token (and no username or password).")
            }
            credentials = .bearer(token: token)
        default:
            throw ServiceError.validation("credentials.type must be basic or bearer.")
        }
        try validate(credentials)
        return credentials
    }

    static func validate(_ credentials: ExternalCredentials) throws {
        let printable: (String) -> Bool = { text in
            (1...1024).contains(text.utf8.count) && text.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value != 127 }
        }
        switch credentials {
        case .basic(let username, let password):
            guard printable(username), !username.contains(":"), printable(password) else {
                throw ServiceError.validation("Basic credentials need a username (without ':') and a password, 1-1024 printable characters each.")
            }
        case .bearer(let token):
            guard printable(token), !token.contains(" ") else {
                throw ServiceError.validation("A bearer token must be 1-1024 printable characters without spaces.")
            }
        }
    }
}
