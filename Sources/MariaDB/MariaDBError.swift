/// An error from the server or the client library, with MariaDB's error number.
public struct MariaDBError: Error, CustomStringConvertible, Sendable {
    public let code: UInt32
    public let sqlState: String
    public let message: String

    public init(code: UInt32, sqlState: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String { "MariaDB error \(code) (\(sqlState)): \(message)" }

    /// The connection is gone (server restarted, network cut): reconnect and retry idempotent work.
    public var isConnectionLost: Bool {
        [2002, 2003, 2006, 2013, 2055, 1927, 4031, 1053].contains(code)
    }

    /// Deadlock or lock wait timeout: the whole transaction may be retried.
    public var isRetryableTransactionFailure: Bool { code == 1213 || code == 1205 }

    /// ER_DUP_ENTRY: a unique key already holds this value.
    public var isDuplicateKey: Bool { code == 1062 }

    static func column(_ name: String, _ problem: String) -> MariaDBError {
        MariaDBError(code: 0, sqlState: "HY000", message: "column \(name) \(problem)")
    }
}
