/// Everything a control-plane service call needs: who calls, the region, the one Authorizer, and
/// the stores (one set per worker thread).
public struct ServiceContext {
    public let principal: Principal
    public let region: String
    public let authorizer: Authorizer
    public let transactions: TransactionRunner
    public let domains: DomainStore
    public let repositories: RepositoryStore
    public let policies: PolicyStore
    public let tags: TagStore
    public let packages: PackageStore
    public let packageGroups: PackageGroupStore
    public let outbox: Outbox
    public let blobs: BlobStore
    public let blobCatalog: BlobCatalog
    public let tokens: TokenService
    public let accounts: AccountService
    public let externalConnections: ExternalConnectionStore

    public init(
        principal: Principal, region: String, authorizer: Authorizer, transactions: TransactionRunner, domains: DomainStore,
        repositories: RepositoryStore, policies: PolicyStore, tags: TagStore, packages: PackageStore, packageGroups: PackageGroupStore,
        outbox: Outbox,
        blobs: BlobStore, blobCatalog: BlobCatalog, tokens: TokenService, accounts: AccountService,
        externalConnections: ExternalConnectionStore
    ) {
        self.principal = principal
        self.region = region
        self.authorizer = authorizer
        self.transactions = transactions
        self.domains = domains
        self.repositories = repositories
        self.policies = policies
        self.tags = tags
        self.packages = packages
        self.packageGroups = packageGroups
        self.outbox = outbox
        self.blobs = blobs
        self.blobCatalog = blobCatalog
        self.tokens = tokens
        self.accounts = accounts
        self.externalConnections = externalConnections
    }

    /// The owner a request means: `domainOwner` if given, else the caller's account.
    public func owner(of reference: DomainReference) throws -> String {
        guard let owner = reference.owner else { return principal.accountId }
        return try Validate.accountId(owner)
    }

    public func authorize(_ action: Action, arn: String, owner: String, keys: [String: ConditionValue] = [:]) throws {
        try authorize(qualified: action.qualified, arn: arn, owner: owner, keys: keys)
    }

    /// `service:Action` on `arn` (what the typed overloads for each service's actions call).
    func authorize(qualified action: String, arn: String, owner: String, keys: [String: ConditionValue]) throws {
        try authorizer.authorize(principal, action: action, resourceArn: arn, resourceOwner: owner, keys: keys)
    }

    /// Finds the domain, then authorizes `action` on the ARN of the stored domain (404 when it
    /// does not exist, after authorizing the name as spelled: see `authorizeResolved`).
    public func domain(_ reference: DomainReference, for action: Action, keys: [String: ConditionValue] = [:]) throws -> Domain {
        let name = try Validate.domainName(reference.name)
        let owner = try owner(of: reference)
        let found = try authorizeResolved(
            action, owner: owner, keys: keys, find: { try domains.domain(owner: owner, name: name) },
            arn: { ARN.domain(region: region, owner: owner, name: $0?.name ?? name) })
        guard let domain = found else { throw Self.domainNotFound(name, owner) }
        return domain
    }

    /// Finds the repository and its domain, then authorizes `action` on the stored repository's ARN.
    public func repository(
        _ reference: DomainReference, _ name: String, for action: Action, keys: [String: ConditionValue] = [:]
    ) throws -> (Domain, Repository) {
        try resolvedRepository(reference, name, for: action, keys: keys, withLinks: true)
    }

    /// `repository(_:_:for:)` without its upstreams and connection (one cached lookup on package
    /// protocol paths: npm's ping and whoami).
    public func repositorySummary(_ reference: DomainReference, _ name: String, for action: Action) throws -> Repository {
        try resolvedRepository(reference, name, for: action, keys: [:], withLinks: false).1
    }

    /// Finds the repository, then authorizes `action` on the package's ARN (the repository's for
    /// repository-level actions, as the action map says: ReadFromRepository, as in CodeArtifact).
    /// The package ARN carries the format's normalized name (`PackageCoordinate.arn`), the key
    /// the package is stored and found under, whatever spelling the request used.
    public func packageRepository(
        _ reference: DomainReference, _ name: String, _ coordinate: PackageCoordinate, for action: Action
    ) throws -> Repository {
        let packageARN = { (owner: String, domain: String, repository: String) in
            coordinate.arn(region: region, owner: owner, domain: domain, repository: repository)
        }
        return try resolvedRepository(
            reference, name, for: action, keys: [:], withLinks: false, arn: action.resource == .repository ? nil : packageARN
        ).1
    }

    /// The one way a named resource is authorized: find the stored row first and authorize the
    /// ARN built from its stored name, never from the caller's spelling; when nothing matches,
    /// authorize the name as spelled, so that an unknown resource is AccessDenied before it is
    /// NotFound (`arn` gets nil then). Returns the row, or nil when there is none.
    public func authorizeResolved<Row>(
        _ action: Action, owner: String, keys: [String: ConditionValue] = [:], find: () throws -> Row?, arn: (Row?) -> String
    ) throws -> Row? {
        try authorizeResolved(qualified: action.qualified, owner: owner, keys: keys, find: find, arn: arn)
    }

    func authorizeResolved<Row>(
        qualified action: String, owner: String, keys: [String: ConditionValue], find: () throws -> Row?, arn: (Row?) -> String
    ) throws -> Row? {
        let row = try find()
        try authorize(qualified: action, arn: arn(row), owner: owner, keys: keys)
        return row
    }

    /// Resolves domain and repository, then authorizes `action` on `arn(owner, domain, repository)`
    /// of the stored names (default: the repository's ARN); 404s, after authorization, name what
    /// is missing.
    private func resolvedRepository(
        _ reference: DomainReference, _ name: String, for action: Action, keys: [String: ConditionValue], withLinks: Bool,
        arn: ((String, String, String) -> String)? = nil
    ) throws -> (Domain, Repository) {
        let domainName = try Validate.domainName(reference.name)
        let repositoryName = try Validate.repositoryName(name)
        let owner = try owner(of: reference)
        let found = try authorizeResolved(
            action, owner: owner, keys: keys, find: { try storedRepository(owner, domainName, repositoryName, withLinks: withLinks) },
            arn: { found in
                let (domain, repository) = (found?.0.name ?? domainName, found?.1?.name ?? repositoryName)
                return arn?(owner, domain, repository) ?? ARN.repository(region: region, owner: owner, domain: domain, repository: repository)
            })
        guard let (domain, repository) = found else { throw Self.domainNotFound(domainName, owner) }
        guard let repository else {
            throw ServiceError.notFound(
                "Repository \(repositoryName) does not exist in domain \(domainName).", id: repositoryName, type: "repository")
        }
        return (domain, repository)
    }

    /// The domain a request names and, when it has one of that name, the repository; nil when
    /// the domain does not exist. What every repository-scoped authorization resolves first.
    func storedRepository(_ owner: String, _ domainName: String, _ repositoryName: String, withLinks: Bool) throws
        -> (Domain, Repository?)?
    {
        guard let domain = try domains.domain(owner: owner, name: domainName) else { return nil }
        let repository =
            withLinks
            ? try repositories.repository(domainId: domain.id, name: repositoryName)
            : try repositories.repositorySummary(domainId: domain.id, name: repositoryName)
        return (domain, repository)
    }

    static func domainNotFound(_ name: String, _ owner: String) -> ServiceError {
        ServiceError.notFound("Domain \(name) does not exist in account \(owner).", id: name, type: "domain")
    }
}
