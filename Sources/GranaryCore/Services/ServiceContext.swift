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
        try authorizer.authorize(principal, action: action.qualified, resourceArn: arn, resourceOwner: owner, keys: keys)
    }

    /// Authorizes `action` on the domain, then finds it (404 when it does not exist).
    public func domain(_ reference: DomainReference, for action: Action, keys: [String: ConditionValue] = [:]) throws -> Domain {
        let name = try Validate.domainName(reference.name)
        let owner = try owner(of: reference)
        try authorize(action, arn: ARN.domain(region: region, owner: owner, name: name), owner: owner, keys: keys)
        guard let domain = try domains.domain(owner: owner, name: name) else {
            throw ServiceError.notFound("Domain \(name) does not exist in account \(owner).", id: name, type: "domain")
        }
        return domain
    }

    /// Authorizes `action` on the repository, then finds it and its domain.
    public func repository(
        _ reference: DomainReference, _ name: String, for action: Action, keys: [String: ConditionValue] = [:]
    ) throws -> (Domain, Repository) {
        let domainName = try Validate.domainName(reference.name)
        let repositoryName = try Validate.repositoryName(name)
        let owner = try owner(of: reference)
        try authorize(
            action, arn: ARN.repository(region: region, owner: owner, domain: domainName, repository: repositoryName), owner: owner,
            keys: keys)
        return try find(owner: owner, domain: domainName, repository: repositoryName)
    }

    /// `repository(_:_:for:)` without its upstreams and connection (one cached lookup on package
    /// protocol paths: npm's ping and whoami).
    public func repositorySummary(_ reference: DomainReference, _ name: String, for action: Action) throws -> Repository {
        let domainName = try Validate.domainName(reference.name)
        let repositoryName = try Validate.repositoryName(name)
        let owner = try owner(of: reference)
        try authorize(action, arn: ARN.repository(region: region, owner: owner, domain: domainName, repository: repositoryName), owner: owner)
        return try find(owner: owner, domain: domainName, repository: repositoryName, withLinks: false).1
    }

    /// Authorizes `action` on the package's ARN (the repository's for repository-level actions), built
    /// from the request before any lookup so an unauthorized caller learns nothing; then finds the repository.
    public func packageRepository(
        _ reference: DomainReference, _ name: String, _ coordinate: PackageCoordinate, for action: Action
    ) throws -> Repository {
        let domainName = try Validate.domainName(reference.name)
        let repositoryName = try Validate.repositoryName(name)
        let owner = try owner(of: reference)
        // The action map says whether the action is granted on the repository (ReadFromRepository,
        // as in CodeArtifact) or on the package.
        let arn =
            action.resource == .repository
            ? ARN.repository(region: region, owner: owner, domain: domainName, repository: repositoryName)
            : coordinate.arn(region: region, owner: owner, domain: domainName, repository: repositoryName)
        try authorize(action, arn: arn, owner: owner)
        return try find(owner: owner, domain: domainName, repository: repositoryName, withLinks: false).1
    }

    /// `withLinks` false: package work needs the repository, not its upstreams and connections.
    private func find(
        owner: String, domain domainName: String, repository repositoryName: String, withLinks: Bool = true
    ) throws -> (Domain, Repository) {
        guard let domain = try domains.domain(owner: owner, name: domainName) else {
            throw ServiceError.notFound("Domain \(domainName) does not exist in account \(owner).", id: domainName, type: "domain")
        }
        let found =
            withLinks
            ? try repositories.repository(domainId: domain.id, name: repositoryName)
            : try repositories.repositorySummary(domainId: domain.id, name: repositoryName)
        guard let repository = found else {
            throw ServiceError.notFound(
                "Repository \(repositoryName) does not exist in domain \(domainName).", id: repositoryName, type: "repository")
        }
        return (domain, repository)
    }
}
