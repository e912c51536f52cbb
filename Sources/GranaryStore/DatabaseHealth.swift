import MariaDB

/// The health check's round trip: one trivial query on the thread's connection.
public enum DatabaseHealth {
    public static func ping(_ connection: Connection) throws {
        _ = try connection.query("SELECT 1")
    }
}
