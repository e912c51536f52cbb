import GranaryCore
import GranaryStore
import MariaDB
import Operations

/// Everything one worker thread owns: its MariaDB connection and the stores built on it.
/// Made on the thread it serves, never shared.
final class WorkerContext: OperationsContext, BlobContext {
    let pool: String
    let connection: Connection
    let blobStore: BlobStore
    let blobCatalog: BlobCatalog

    init(pool: String, configuration: GranaryConfiguration, blobStore: BlobStore) {
        self.pool = pool
        self.connection = Connection(configuration: configuration.mariaDB)
        self.blobStore = blobStore
        self.blobCatalog = MariaDBBlobCatalog(connection: connection)
    }

    func pingDatabase() throws { try connection.ping() }
}
