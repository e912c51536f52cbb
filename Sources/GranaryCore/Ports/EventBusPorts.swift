/// The EventBridge API's storage (sql/0014), one account's rows at a time. Lists are keyset
/// pages by name: `after` is the last name of the previous page, `limit` how many to return
/// at most. Inserts throw `DuplicateKey` when the name is taken.
public protocol EventRuleStore {
    func rule(accountId: String, bus: String, name: String) throws -> EventRule?
    /// The rule, its row locked to the end of the caller's transaction (targets change under it).
    func lockRule(accountId: String, bus: String, name: String) throws -> EventRule?
    func insertRule(_ rule: EventRule) throws
    /// Pattern, state, description and role of the rule with `rule.id`.
    func updateRule(_ rule: EventRule) throws
    func deleteRule(id: Int64) throws
    func rules(accountId: String, bus: String, namePrefix: String?, after: String?, limit: Int) throws -> [EventRule]
    func targets(ruleId: Int64, after: String?, limit: Int) throws -> [EventTarget]
    func targetIds(ruleId: Int64) throws -> [String]
    /// Adds the target, or replaces the rule's target of the same id.
    func putTarget(_ target: EventTarget, ruleId: Int64) throws
    /// false when the rule had no target of that id.
    func deleteTarget(id: String, ruleId: Int64) throws -> Bool
    /// The names of the bus's rules with a target of `targetArn`.
    func ruleNames(accountId: String, bus: String, targetArn: String, after: String?, limit: Int) throws -> [String]
}

/// A connection with its sealed `EventConnectionSecrets`.
public struct StoredEventConnection: Sendable {
    public let connection: EventConnection
    public let sealedSecrets: [UInt8]

    public init(connection: EventConnection, sealedSecrets: [UInt8]) {
        self.connection = connection
        self.sealedSecrets = sealedSecrets
    }
}

public protocol EventConnectionStore {
    func insertConnection(_ connection: EventConnection, sealedSecrets: [UInt8]) throws
    func connection(accountId: String, name: String) throws -> StoredEventConnection?
    /// The connection, its row locked to the end of the caller's transaction.
    func lockConnection(accountId: String, name: String) throws -> StoredEventConnection?
    func connections(accountId: String, namePrefix: String?, after: String?, limit: Int) throws -> [EventConnection]
    /// Description, authorization, parameters, secrets and times of the connection with `connection.id`.
    func updateConnection(_ connection: EventConnection, sealedSecrets: [UInt8]) throws
    func deleteConnection(id: Int64) throws
    /// The names of the API destinations that use the connection (a locking read).
    func destinationNames(connectionId: Int64) throws -> [String]

    func insertDestination(_ destination: ApiDestination) throws
    func destination(accountId: String, name: String) throws -> ApiDestination?
    func destinations(accountId: String, namePrefix: String?, connectionId: Int64?, after: String?, limit: Int) throws -> [ApiDestination]
    func updateDestination(_ destination: ApiDestination) throws
    func deleteDestination(id: Int64) throws
    /// The destination's signing secret, sealed (`DestinationSigningSecret`); nil when it has none.
    func signingSecret(destinationId: Int64) throws -> [UInt8]?
    func setSigningSecret(destinationId: Int64, sealed: [UInt8]) throws
}

public protocol EventArchiveStore {
    func insertArchive(_ archive: EventArchive) throws
    func archive(accountId: String, name: String) throws -> EventArchive?
    func archives(accountId: String, namePrefix: String?, bus: String?, after: String?, limit: Int) throws -> [EventArchive]
    /// Description, pattern and retention of the archive with `archive.id`.
    func updateArchive(_ archive: EventArchive) throws
    func deleteArchive(id: Int64) throws

    func insertReplay(_ replay: EventReplay) throws
    func replay(accountId: String, name: String) throws -> EventReplay?
    func lockReplay(accountId: String, name: String) throws -> EventReplay?
    func replays(accountId: String, namePrefix: String?, state: EventReplay.State?, archiveName: String?, after: String?, limit: Int)
        throws -> [EventReplay]
    func setReplayState(id: Int64, state: EventReplay.State, reason: String?) throws
}

/// Events on buses, in the order they were written.
public protocol BusEventStore {
    /// Writes the events (in one statement per event; the caller's transaction makes them one).
    func append(_ events: [BusEvent]) throws
    /// The bus's events written after the one with sequence `after`, oldest first.
    func events(accountId: String, bus: String, after: Int64, limit: Int) throws -> [BusEvent]
}

/// Every store the EventBridge API uses, on one thread's connection.
public struct EventBusStores {
    public let rules: EventRuleStore
    public let connections: EventConnectionStore
    public let archives: EventArchiveStore
    public let events: BusEventStore
    /// The deliveries' side: dead letters and redrive (Granary's extension API).
    public let deliveries: EventDispatchStore

    public init(
        rules: EventRuleStore, connections: EventConnectionStore, archives: EventArchiveStore, events: BusEventStore,
        deliveries: EventDispatchStore
    ) {
        self.rules = rules
        self.connections = connections
        self.archives = archives
        self.events = events
        self.deliveries = deliveries
    }
}
