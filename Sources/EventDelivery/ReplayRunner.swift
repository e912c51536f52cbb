import FormatKit
import GranaryCore

/// StartReplay's work: the events an archive kept in the replay's window are matched again
/// against the destination bus's enabled rules (those of `filterArns` when it names any) and
/// delivered to their targets, each with EventBridge's top-level `replay-name`. One replay is one
/// transaction (claimed STARTING, left COMPLETED or FAILED), so a dispatcher killed mid-replay
/// leaves it STARTING for the next one and nothing is delivered twice by the replay itself.
public struct ReplayRunner {
    let router: EventRouter
    /// Events read from the archive per query.
    let batch: Int

    public init(router: EventRouter, batch: Int = 500) {
        self.router = router
        self.batch = batch
    }

    /// Runs one STARTING replay, if any; returns whether it found one.
    public func runOne(_ store: EventDispatchStore, _ transactions: TransactionRunner) throws -> Bool {
        try transactions.atomically {
            _ = try store.finishCancelledReplays()
            guard let replay = try store.claimStartingReplay() else { return false }
            let filter = Set(replay.filterArns)
            let rules = try store.enabledRules(accountId: replay.accountId, bus: replay.destinationBus)
                .filter { filter.isEmpty || filter.contains($0.rule.arn(region: router.region)) }
            var after: Int64 = 0
            var last: Double?
            while true {
                let events = try store.archivedEvents(
                    accountId: replay.accountId, archiveName: replay.archiveName, start: replay.eventStartTime, end: replay.eventEndTime,
                    after: after, limit: batch)
                var deliveries: [NewDelivery] = []
                for event in events {
                    guard let parsed = try? OrderedJSON.parse(event.body), var object = parsed.objectValue else { continue }
                    object["replay-name"] = .string(replay.name)
                    let replayed = BusEvent(
                        sequence: event.sequence, accountId: replay.accountId, busName: replay.destinationBus, uuid: event.uuid,
                        source: event.source, detailType: event.detailType, body: event.body, createdAt: event.createdAt)
                    deliveries += router.deliveries(of: replayed, parsed: .object(object), rules: rules, replayName: replay.name)
                    last = event.createdAt
                }
                try store.insertDeliveries(deliveries)
                guard events.count == batch, let next = events.last?.sequence else { break }
                after = next
            }
            try store.finishReplay(id: replay.id, state: .completed, reason: nil, lastReplayed: last)
            return true
        }
    }
}
