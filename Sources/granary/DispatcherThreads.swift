import EventDelivery
import FastCGI
import GranaryCore
import GranaryStore
import Logging
import MariaDB
import Synchronization

/// The threads of `granary dispatch`. The routing thread wakes when any Granary process commits
/// (the shared `CommitSignal` moved) or after a second, and then moves everything waiting; the
/// delivery threads wake when the routing thread wrote deliveries (`work`) or when the earliest
/// retry is due. The dispatcher's own connections do not move the commit signal: nothing a
/// worker caches depends on what it writes, so its commits would only wake it again.
final class DispatcherThreads: Sendable {
    struct Upkeep: Sendable {
        let deliveredAge: Double
        let deadAge: Double
        let busEventAge: Double
    }

    let database: MariaDB.Configuration
    let commitSignal: CommitSignal
    /// The region of the ARNs the routing thread builds (its `EventRouter` is its own: the
    /// compiled-pattern cache is not shared).
    let region: String
    let runner: DeliveryRunner
    let observer: DispatchObserver
    let upkeep: Upkeep
    let logger: Logger
    /// Moved by the routing thread after it wrote deliveries.
    private let work = Atomic<UInt64>(0)
    private let stopping = Atomic<Bool>(false)
    private let running = Atomic<Int>(0)
    /// How often a sleeping thread looks at the signals.
    static let tick = 0.005
    /// How long a delivery thread waits when every due row is another thread's.
    static let heldRowNap = 0.05

    init(
        database: MariaDB.Configuration, commitSignal: CommitSignal, region: String, runner: DeliveryRunner,
        observer: DispatchObserver, upkeep: Upkeep, logger: Logger
    ) {
        // The claims (`FOR UPDATE SKIP LOCKED` over the unrouted and due rows) must not take gap
        // locks: at REPEATABLE READ they block the workers' outbox and PutEvents inserts into
        // the same index ranges and deadlock them (measured: bench/events.sh, 4 PutEvents threads).
        var database = database
        database.initCommand = "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"
        self.database = database
        self.commitSignal = commitSignal
        self.region = region
        self.runner = runner
        self.observer = observer
        self.upkeep = upkeep
        self.logger = logger
    }

    func start(deliveryThreads: Int) {
        running.store(deliveryThreads + 1, ordering: .sequentiallyConsistent)
        spawnThread { [self] in
            routing()
            running.subtract(1, ordering: .sequentiallyConsistent)
        }
        for _ in 0..<deliveryThreads {
            spawnThread { [self] in
                delivering()
                running.subtract(1, ordering: .sequentiallyConsistent)
            }
        }
    }

    /// Asks the threads to stop after what they are doing; true when all did by `deadline`.
    func stop(deadline: Double) -> Bool {
        stopping.store(true, ordering: .sequentiallyConsistent)
        while running.load(ordering: .sequentiallyConsistent) > 0 {
            if monotonicSeconds() > deadline { return false }
            sleepSeconds(Self.tick)
        }
        return true
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Sleeps up to `seconds`, returning early when `woken()` or when the process stops.
    private func nap(_ seconds: Double, until woken: () -> Bool) {
        let end = monotonicSeconds() + seconds
        while !isStopping && !woken() && monotonicSeconds() < end { sleepSeconds(Self.tick) }
    }

    private func routing() {
        let connection = Connection(configuration: database)
        let store = MariaDBEventDispatchStore(connection: connection)
        let transactions = MariaDBTransactions(connection: connection)
        let router = EventRouter(region: region)
        let replays = ReplayRunner(router: router)
        var lastDepth = 0.0, lastPrune = 0.0
        while !isStopping {
            let seen = commitSignal.value
            do {
                var moved = 0
                repeat {
                    let outbox = try router.routeOutbox(store, transactions)
                    let routed = try router.routeBuses(store, transactions)
                    observer.routed(outbox: outbox, busEvents: routed)
                    moved = outbox + routed
                    if routed > 0 { work.add(1, ordering: .sequentiallyConsistent) }
                } while moved > 0 && !isStopping
                while try replays.runOne(store, transactions) { work.add(1, ordering: .sequentiallyConsistent) }
                let now = monotonicSeconds()
                if now - lastDepth >= 1 {
                    lastDepth = now
                    observer.queueDepth(try store.queueDepth())
                }
                if now - lastPrune >= 60 {
                    lastPrune = now
                    while try store.prune(
                        deliveredAge: upkeep.deliveredAge, deadAge: upkeep.deadAge, busEventAge: upkeep.busEventAge, limit: 1000) >= 1000,
                        !isStopping
                    {}
                }
            } catch {
                logger.error("routing: \(error)")
                connection.disconnect()
                nap(1) { false }
                continue
            }
            nap(1) { commitSignal.value != seen }
        }
    }

    private func delivering() {
        let connection = Connection(configuration: database)
        let store = MariaDBEventDispatchStore(connection: connection)
        let transactions = MariaDBTransactions(connection: connection)
        while !isStopping {
            let seen = work.load(ordering: .sequentiallyConsistent)
            let wait: Double
            do {
                let handled = try runner.runOnce(store, transactions)
                if handled > 0 { continue }
                // Nothing claimed: the next due row is later, or (due now) held by another thread
                // for its attempt, which may take seconds; new deliveries wake us anyway.
                let due = try store.secondsUntilNextDue() ?? 1
                wait = due <= 0 ? Self.heldRowNap : min(due, 1)
            } catch {
                logger.error("delivery: \(error)")
                connection.disconnect()
                nap(1) { false }
                continue
            }
            nap(wait) { work.load(ordering: .relaxed) != seen }
        }
    }
}
