/// A replay (sql/0014 `event_replays`): a request to deliver again the events an archive kept
/// between two instants, to the rules of its bus (all, or those `filterArns` names). StartReplay
/// stores it STARTING; the dispatcher runs it and moves its state (RUNNING, COMPLETED, FAILED;
/// CANCELLING → CANCELLED after CancelReplay).
public struct EventReplay: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case starting = "STARTING", running = "RUNNING", cancelling = "CANCELLING", completed = "COMPLETED"
        case cancelled = "CANCELLED", failed = "FAILED"

        /// CancelReplay applies to a replay that has not ended.
        public var isCancellable: Bool { self == .starting || self == .running }
    }

    public let id: Int64
    public let accountId: String
    public let name: String
    public var description: String?
    public let archiveName: String
    /// The window of event times replayed, seconds since the epoch.
    public let eventStartTime: Double
    public let eventEndTime: Double
    /// The bus whose rules get the events (the archive's).
    public let destinationBus: String
    /// Rule ARNs; empty: every rule of the bus.
    public let filterArns: [String]
    public var state: State
    public var stateReason: String?
    public let replayStartTime: Double
    public var replayEndTime: Double?
    public var eventLastReplayedTime: Double?

    public init(
        id: Int64 = 0, accountId: String, name: String, description: String?, archiveName: String, eventStartTime: Double,
        eventEndTime: Double, destinationBus: String, filterArns: [String], state: State = .starting, stateReason: String? = nil,
        replayStartTime: Double = 0, replayEndTime: Double? = nil, eventLastReplayedTime: Double? = nil
    ) {
        self.id = id
        self.accountId = accountId
        self.name = name
        self.description = description
        self.archiveName = archiveName
        self.eventStartTime = eventStartTime
        self.eventEndTime = eventEndTime
        self.destinationBus = destinationBus
        self.filterArns = filterArns
        self.state = state
        self.stateReason = stateReason
        self.replayStartTime = replayStartTime
        self.replayEndTime = replayEndTime
        self.eventLastReplayedTime = eventLastReplayedTime
    }

    public func arn(region: String) -> String { EventsARN.replay(region: region, account: accountId, name: name) }

    public func eventSourceArn(region: String) -> String { EventsARN.archive(region: region, account: accountId, name: archiveName) }

    public func destinationArn(region: String) -> String { EventsARN.eventBus(region: region, account: accountId, name: destinationBus) }
}
