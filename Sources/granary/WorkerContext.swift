import ControlPlane
import EdgeKit
import GranaryCore
import GranaryStore
import HTTP
import MariaDB
import Operations

/// Everything one worker thread owns: its MariaDB connection and the stores built on it.
/// Made on the thread it serves, never shared.
final class WorkerContext: OperationsContext, BlobContext, ControlPlaneContext, PackageProtocolContext {
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
    private let outbox: MariaDBOutbox
    private let accounts: AccountService
    let tokens: TokenService

    init(pool: String, configuration: GranaryConfiguration, shared: SharedServices) {
        self.pool = pool
        self.shared = shared
        connection = Connection(configuration: configuration.mariaDB)
        blobStore = shared.blobStore
        blobCatalog = MariaDBBlobCatalog(connection: connection)
        transactions = MariaDBTransactions(connection: connection)
        domains = MariaDBDomainStore(connection: connection)
        repositories = MariaDBRepositoryStore(connection: connection)
        policiesAndTags = MariaDBPolicyAndTagStore(connection: connection)
        packages = MariaDBPackageStore(connection: connection)
        outbox = MariaDBOutbox(connection: connection)
        accounts = AccountService(store: MariaDBAccountStore(connection: connection), sealer: shared.masterKey)
        tokens = TokenService(key: shared.tokenKey, store: MariaDBTokenStore(connection: connection))
    }

    func pingDatabase() throws { try connection.ping() }

    func authenticate(_ request: Request, payloadHash: String) throws -> Principal {
        try shared.authenticator.authenticate(request, payloadHash: payloadHash) { try accounts.signingSecret(accessKeyId: $0) }
    }

    func authenticate(token: String) throws -> (ServiceContext, AuthorizationToken) {
        let (principal, claims) = try tokens.authenticate(token)
        return (services(for: principal), claims)
    }

    func services(for principal: Principal) -> ServiceContext {
        ServiceContext(
            principal: principal, region: shared.region, authorizer: shared.authorizer, transactions: transactions, domains: domains,
            repositories: repositories, policies: policiesAndTags, tags: policiesAndTags, packages: packages, outbox: outbox,
            blobs: blobStore, blobCatalog: blobCatalog, tokens: tokens)
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
    let authorizer: OwnAccountAuthorizer
}
