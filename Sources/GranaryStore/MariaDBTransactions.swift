import GranaryCore
import MariaDB

/// Transactions on the thread's connection; a nested call joins the outer transaction.
public final class MariaDBTransactions: TransactionRunner {
    let connection: Connection
    private var depth = 0

    public init(connection: Connection) {
        self.connection = connection
    }

    public func atomically<T>(_ body: () throws -> T) throws -> T {
        if depth > 0 { return try body() }
        depth += 1
        defer { depth -= 1 }
        return try connection.transaction(body)
    }
}

extension Connection {
    /// Runs an INSERT, turning a unique-key violation into `DuplicateKey`.
    func insert(_ sql: String, _ parameters: [any ValueConvertible]) throws -> ExecuteResult {
        do {
            return try update(sql, parameters)
        } catch let error as MariaDBError where error.isDuplicateKey {
            throw DuplicateKey()
        }
    }
}
