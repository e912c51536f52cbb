import ControlPlane
import EdgeKit
import EventBridge
import FastCGI
import FoundationEssentials
import GranaryCore
import GranaryStore
import HTTP
import MariaDB
import Operations

/// Everything one worker thread owns: its MariaDB connection and the stores built on it.
/// Made on the thread it serves, never shared.
final class WorkerContext: OperationsContext, BlobContext, EventBridgeContext, PackageProtocolContext {
    let pool: String
    let connection: Connection
    let blobStore: BlobStore
    let blobCatalog: BlobCatalog
    let shared: SharedServices
    private let transactions: MariaDBTransactions
    private let domains: MariaDBDomainStore
    private let repositories: MariaDBRepositoryStore
    private let policiesAndTags: MariaDBPolicyAndTagStore
    private let packages: MariaDBPackageStore
    private let packageGroups: MariaDBPackageGroupStore
    private let externalDocuments: MariaDBExternalDocumentStore
    private let externalConnections: MariaDBExternalConnectionStore
    private let outbox: MariaDBOutbox
    private let accounts: AccountService
    private let identityPolicies: MariaDBIdentityPolicyStore
    private let parsedPolicies = ParsedPolicyCache()
    let tokens: TokenService
    /// Package protocols read authorization inputs through this thread's access cache.
    private let accessCache = AccessCache()
    let listingMemo = ListingMemo()
    /// Package rows downloads read, per thread, under the same counters.
    private let packageReads = PackageReadCache()
    private let cachedPackages: CachedPackageStore
    private let verifiedTokens = VerifiedTokens()
    private let changeCounters: MariaDBChangeCounters
    /// When the token of the request being served expires (set when it was authenticated).
    private var tokenExpiry: Double?
    private let cachedTokens: TokenService
    private let cachedDomains: CachedDomainStore
    private let cachedRepositories: CachedRepositoryStore
    private let cachedPoliciesAndTags: CachedPolicyAndTagStore
    private let cachedPrincipals: CachedPrincipalStore
    private let cachedPackageGroups: CachedPackageGroupStore
    private let cachedExternalConnections: CachedExternalConnectionStore
    /// The EventBridge API's tables (never cached: nothing a download reads).
    let eventBus: EventBusStores

    init(pool: String, configuration: GranaryConfiguration, shared: SharedServices) {
        self.pool = pool
        self.shared = shared
        connection = configuration.connection(signal: shared.commitSignal)
        blobStore = shared.blobStore
        blobCatalog = MariaDBBlobCatalog(connection: connection)
        transactions = MariaDBTransactions(connection: connection)
        domains = MariaDBDomainStore(connection: connection)
        repositories = MariaDBRepositoryStore(connection: connection)
        policiesAndTags = MariaDBPolicyAndTagStore(connection: connection)
        packages = MariaDBPackageStore(connection: connection)
        packageGroups = MariaDBPackageGroupStore(connection: connection)
        externalDocuments = MariaDBExternalDocumentStore(connection: connection)
        externalConnections = MariaDBExternalConnectionStore(connection: connection)
        outbox = MariaDBOutbox(connection: connection)
        identityPolicies = MariaDBIdentityPolicyStore(connection: connection)
        accounts = AccountService(
            store: MariaDBAccountStore(connection: connection), sealer: shared.masterKey, policies: identityPolicies,
            transactions: transactions)
        let tokenStore = MariaDBTokenStore(connection: connection)
        tokens = TokenService(key: shared.tokenKey, store: tokenStore)
        changeCounters = MariaDBChangeCounters(connection: connection, signal: shared.commitSignal, clock: monotonicSeconds)
        cachedDomains = CachedDomainStore(domains, cache: accessCache)
        cachedRepositories = CachedRepositoryStore(repositories, cache: accessCache)
        cachedPoliciesAndTags = CachedPolicyAndTagStore(policies: policiesAndTags, tags: policiesAndTags, cache: accessCache)
        cachedPrincipals = CachedPrincipalStore(identity: identityPolicies, tokens: tokenStore, cache: accessCache)
        cachedTokens = TokenService(key: shared.tokenKey, store: cachedPrincipals)
        cachedPackageGroups = CachedPackageGroupStore(packageGroups, cache: accessCache)
        cachedExternalConnections = CachedExternalConnectionStore(externalConnections, cache: accessCache)
        cachedPackages = CachedPackageStore(packages, cache: packageReads)
        eventBus = EventBusStores(
            rules: MariaDBEventRuleStore(connection: connection), connections: MariaDBEventConnectionStore(connection: connection),
            archives: MariaDBEventArchiveStore(connection: connection), events: MariaDBBusEventStore(connection: connection),
            deliveries: MariaDBEventDispatchStore(connection: connection))
    }

    var renderedPages: RenderedPages { shared.renderedPages }
    /// Package protocols: defined connections resolve through the access cache (validated when
    /// the request's token was authenticated).
    var external: ExternalAccess {
        ExternalAccess(
            registries: shared.registries, documents: externalDocuments,
            definitions: DefinedConnections(store: cachedExternalConnections, sealer: shared.masterKey))
    }

    func pingDatabase() throws { try DatabaseHealth.ping(connection) }

    /// The policy engine over this thread's stores, with the request's condition keys.
    func authorizer(for request: Request, domains: DomainStore) -> PolicyAuthorizer {
        PolicyAuthorizer(
            identityPolicies: identityPolicies, resourcePolicies: policiesAndTags, tags: policiesAndTags, domains: domains,
            repositories: repositories, region: shared.region, context: conditionKeys(of: request), parsed: parsedPolicies,
            packageGroups: packageGroups)
    }

    private func conditionKeys(of request: Request) -> [String: ConditionValue] {
        AuthorizationRequest.globalContext(
            sourceIp: request.remoteAddress.isEmpty ? nil : request.remoteAddress, secureTransport: request.isSecure,
            currentTime: Date().timeIntervalSince1970)
    }

    /// The counters read first make the remembered access key (and every cached read after it) exact.
    func authenticate(_ request: Request, payloadHash: String) throws -> Principal {
        try authenticate(request, payloadHash: payloadHash, with: shared.authenticator)
    }

    func authenticate(_ request: Request, payloadHash: String, with authenticator: Authenticator) throws -> Principal {
        try validateCaches()
        return try authenticator.authenticate(request, payloadHash: payloadHash) { accessKeyId in
            try accessCache.signingSecret(accessKeyId: accessKeyId) { try accounts.signingSecret(accessKeyId: accessKeyId) }
        }
    }

    /// Package protocols: the counter read first makes every cached read below exact.
    func authenticate(token: String, request: Request) throws -> (ServiceContext, AuthorizationToken) {
        try validateCaches()
        tokenExpiry = nil
        let (principal, claims) = try cachedTokens.authenticate(token, verified: verifiedTokens)
        tokenExpiry = Double(claims.expiresMs) / 1000
        return (readServices(for: principal, request: request), claims)
    }

    /// Services whose reads of authorization inputs and package rows come from this thread's
    /// caches, exact because `validateCaches()` ran when the request was authenticated: package
    /// protocols and the control plane's read-only operations.
    func readServices(for principal: Principal, request: Request) -> ServiceContext {
        accessCache.beginRequest()
        let authorizer = PolicyAuthorizer(
            identityPolicies: cachedPrincipals, resourcePolicies: cachedPoliciesAndTags, tags: cachedPoliciesAndTags, domains: cachedDomains,
            repositories: cachedRepositories, region: shared.region, context: conditionKeys(of: request), parsed: parsedPolicies,
            decisions: accessCache, packageGroups: cachedPackageGroups)
        return ServiceContext(
            principal: principal, region: shared.region, authorizer: authorizer, transactions: transactions, domains: cachedDomains,
            repositories: cachedRepositories, policies: cachedPoliciesAndTags, tags: cachedPoliciesAndTags, packages: cachedPackages,
            packageGroups: cachedPackageGroups, outbox: outbox, blobs: blobStore, blobCatalog: blobCatalog, tokens: cachedTokens,
            accounts: accounts, externalConnections: cachedExternalConnections)
    }

    private func validateCaches() throws {
        let counters = try changeCounters.current()
        accessCache.validate(counter: counters.access)
        listingMemo.validate(access: counters.access, listings: counters.listings)
        packageReads.beginRequest(access: counters.access, listings: counters.listings)
    }

    func rememberedAnswer(_ key: String) throws -> RememberedAnswer? {
        try validateCaches()
        return listingMemo.answer(key, now: Date().timeIntervalSince1970)
    }

    func rememberAnswer(_ key: String, _ answer: RememberedAnswer) {
        guard let tokenExpiry, !accessCache.requestReadContext else { return }
        listingMemo.rememberAnswer(key, answer, until: tokenExpiry, now: Date().timeIntervalSince1970)
    }

    func services(for principal: Principal, request: Request) -> ServiceContext {
        let domains = RequestDomainLookups(self.domains)
        return ServiceContext(
            principal: principal, region: shared.region, authorizer: authorizer(for: request, domains: domains), transactions: transactions,
            domains: domains,
            repositories: repositories, policies: policiesAndTags, tags: policiesAndTags, packages: packages, packageGroups: packageGroups,
            outbox: outbox,
            blobs: blobStore, blobCatalog: blobCatalog, tokens: tokens, accounts: accounts, externalConnections: externalConnections)
    }
}

/// What every thread of a worker process shares: immutable, Sendable.
struct SharedServices: Sendable {
    let region: String
    let blobStore: DiskBlobStore
    let masterKey: FileMasterKey
    /// Signs authorization tokens; derived from the master key.
    let tokenKey: [UInt8]
    let authenticator: Authenticator
    let renderedPages: DiskRenderedPages
    let registries: ExternalRegistries
    /// Moved by every commit of every Granary process; lets threads keep the change counters.
    let commitSignal: CommitSignal
}
