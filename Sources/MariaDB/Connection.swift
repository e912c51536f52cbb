import CMariaDB

/// One connection to MariaDB, confined to the thread that made it. Prepared statements are
/// cached by SQL text. Connects lazily; after the server restarts, the next call reconnects,
/// and work outside a transaction is retried once.
public final class Connection {
    private let configuration: Configuration
    private var handle: UnsafeMutablePointer<MYSQL>?
    private var statements: [String: Statement] = [:]
    private var inTransaction = false
    /// Called after every write this connection commits: a COMMIT, or a write statement run
    /// outside a transaction. Caches that other processes keep of the data hang on it.
    private let afterCommit: (() -> Void)?

    public init(configuration: Configuration, afterCommit: (() -> Void)? = nil) {
        self.configuration = configuration
        self.afterCommit = afterCommit
    }

    deinit { disconnect() }

    public var isConnected: Bool { handle != nil }

    private func connected() throws -> UnsafeMutablePointer<MYSQL> {
        if let handle { return handle }
        guard let mysql = mysql_init(nil) else { throw MariaDBError(code: 2008, sqlState: "HY000", message: "out of memory") }
        var timeout = configuration.connectTimeoutSeconds
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        _ = "utf8mb4".withCString { mysql_options(mysql, MYSQL_SET_CHARSET_NAME, $0) }
        if let command = configuration.initCommand { _ = command.withCString { mysql_options(mysql, MYSQL_INIT_COMMAND, $0) } }
        let ok = mysql_real_connect(
            mysql, configuration.socket == nil ? configuration.host : nil, configuration.user, configuration.password,
            configuration.database, configuration.port, configuration.socket, 0)
        guard ok != nil else {
            let error = Self.error(of: mysql)
            mysql_close(mysql)
            throw error
        }
        handle = mysql
        do {
            try run("SET SESSION time_zone = '+00:00', SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'")
        } catch {
            disconnect()
            throw error
        }
        return mysql
    }

    /// Closes the connection and forgets its statements; the next call connects again.
    public func disconnect() {
        statements.removeAll()
        if let handle { mysql_close(handle) }
        handle = nil
        inTransaction = false
    }

    static func error(of mysql: UnsafeMutablePointer<MYSQL>) -> MariaDBError {
        MariaDBError(code: mysql_errno(mysql), sqlState: String(cString: mysql_sqlstate(mysql)), message: String(cString: mysql_error(mysql)))
    }

    /// Runs SQL without parameters and without a result (session settings, transaction control, DDL).
    public func run(_ sql: String) throws {
        try withReconnect { mysql in
            let bytes = Array(sql.utf8)
            let status = bytes.withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { mysql_real_query(mysql, $0.baseAddress, UInt($0.count)) }
            }
            if status != 0 { throw Self.error(of: mysql) }
            if let result = mysql_store_result(mysql) { mysql_free_result(result) }
        }
        if !inTransaction && !Self.changesNothing(sql) { afterCommit?() }
    }

    /// Session settings and transaction control (COMMIT signals from `transaction`).
    private static func changesNothing(_ sql: String) -> Bool {
        sql.hasPrefix("SET ") || sql.hasPrefix("START TRANSACTION") || sql.hasPrefix("ROLLBACK") || sql.hasPrefix("COMMIT")
    }

    /// A SELECT (or anything with a result set), with bound parameters.
    public func query(_ sql: String, _ parameters: [any ValueConvertible] = []) throws -> [Row] {
        try execute(sql, parameters).rows
    }

    /// An INSERT, UPDATE or DELETE, with bound parameters.
    @discardableResult
    public func update(_ sql: String, _ parameters: [any ValueConvertible] = []) throws -> ExecuteResult {
        let result = try execute(sql, parameters).result
        if !inTransaction { afterCommit?() }
        return result
    }

    private func execute(_ sql: String, _ parameters: [any ValueConvertible]) throws -> (rows: [Row], result: ExecuteResult) {
        let values = parameters.map(\.databaseValue)
        return try withReconnect { mysql in
            let statement = try cachedStatement(sql, mysql)
            do {
                return try statement.run(values)
            } catch let error as MariaDBError where error.code == 1615 {
                // ER_NEED_REPREPARE: the table changed under the cached statement.
                statements[sql] = nil
                return try cachedStatement(sql, mysql).run(values)
            }
        }
    }

    private func cachedStatement(_ sql: String, _ mysql: UnsafeMutablePointer<MYSQL>) throws -> Statement {
        if let statement = statements[sql] { return statement }
        let statement = try Statement(connection: mysql, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Outside a transaction, a lost connection is re-made and the call retried once; inside one,
    /// the connection is dropped and the error surfaces to `transaction`, which decides.
    private func withReconnect<T>(_ body: (UnsafeMutablePointer<MYSQL>) throws -> T) throws -> T {
        do {
            return try body(try connected())
        } catch let error as MariaDBError where error.isConnectionLost {
            let wasInTransaction = inTransaction
            disconnect()
            if wasInTransaction { throw error }
            return try body(try connected())
        }
    }

    /// Runs `body` in a transaction. Deadlocks and lock-wait timeouts retry the whole body (up to
    /// `attempts` times), as does a connection lost before COMMIT was sent. `body` must therefore
    /// have no effects outside the database.
    public func transaction<T>(attempts: Int = 3, _ body: () throws -> T) throws -> T {
        precondition(!inTransaction, "nested transaction")
        var attempt = 0
        while true {
            attempt += 1
            var committing = false
            do {
                try run("START TRANSACTION")
                inTransaction = true
                let value = try body()
                committing = true
                defer { afterCommit?() }  // also when COMMIT fails: it may have taken effect
                try run("COMMIT")
                inTransaction = false
                return value
            } catch let error as MariaDBError
                where attempt < attempts && (error.isRetryableTransactionFailure || (error.isConnectionLost && !committing)) {
                rollbackQuietly()
            } catch {
                rollbackQuietly()
                throw error
            }
        }
    }

    private func rollbackQuietly() {
        if handle != nil && inTransaction {
            inTransaction = false
            try? run("ROLLBACK")
        }
        inTransaction = false
    }
}
