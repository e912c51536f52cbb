import CMariaDB

/// Where and as whom to connect. A unix socket wins over host and port.
public struct Configuration: Sendable {
    public var socket: String?
    public var host: String?
    public var port: UInt32
    public var user: String
    public var password: String
    public var database: String
    public var connectTimeoutSeconds: UInt32
    /// A statement the server runs on every (re)connect, e.g. a session's isolation level.
    public var initCommand: String?

    public init(
        socket: String? = nil, host: String? = nil, port: UInt32 = 3306, user: String, password: String,
        database: String, connectTimeoutSeconds: UInt32 = 5, initCommand: String? = nil
    ) {
        self.socket = socket
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.initCommand = initCommand
    }
}

/// Initializes the client library once per process, before any thread opens a connection.
public enum MariaDBLibrary {
    public static func initialize() {
        precondition(mysql_server_init(0, nil, nil) == 0, "mysql_library_init failed")
    }
}
