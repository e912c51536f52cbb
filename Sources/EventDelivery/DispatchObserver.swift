import GranaryCore

/// What the dispatcher reports as it works, for /metrics.
public protocol DispatchObserver: Sendable {
    /// Outbox rows put on buses, and bus events matched.
    func routed(outbox: Int, busEvents: Int)
    /// A delivery answered 2xx; `lag` is the seconds from the event's ingestion to that answer.
    func delivered(lag: Double)
    /// An attempt failed; `willRetry` when it is scheduled again, else it went to the dead letters.
    func failed(willRetry: Bool)
    func queueDepth(_ depth: EventQueueDepth)
}
