#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import EventDelivery
import FastCGI
import GranaryCore
import GranaryStore
import Logging
import MariaDB
import Operations
import UpstreamHTTP

/// One dispatcher process: a routing thread (outbox → buses → rules and archives, replays,
/// upkeep) and delivery threads (due deliveries → API destinations), each on its own database
/// connection. Several may run at once, on one machine or many: every claim skips rows another
/// holds. SIGTERM lets the current attempts finish; SIGKILL loses nothing (the claims roll back).
struct DispatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch", abstract: "Deliver events: the outbox to buses, matching rules to their API destinations, with retries.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Instance number: names the metrics region (dispatcher-N.events).")
    var instance: Int = 0

    @Option(help: "Written once the threads run; removed at exit if it still names this process.")
    var pidFile: String?

    func run() throws {
        StopSignals.blockInThisAndFutureThreads()
        MariaDBLibrary.initialize()
        CurlUpstreamClient.initializeLibrary()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "granary.dispatch")
        logger[metadataKey: "instance"] = "\(instance)"

        let configuration = try options.load()
        let settings = configuration.events ?? GranaryConfiguration.Events()
        let masterKey = try FileMasterKey(path: configuration.masterKeyFile)
        let metrics = try EventMetrics(directory: configuration.metricsDir, instance: instance)
        let runner = DeliveryRunner(
            client: CurlUpstreamClient(caBundle: configuration.upstream?.caBundle, userAgent: DeliveryRequest.userAgent,
                addresses: settings.addressPolicy),
            sealer: masterKey, limiter: RateLimiter(clock: { wallSeconds() }),
            settings: DeliveryRunner.Settings(
                retry: RetryRule(initialDelay: settings.retryInitialSeconds ?? 1, maximumDelay: settings.retryMaximumSeconds ?? 60),
                timeoutSeconds: settings.timeoutSeconds ?? 5),
            observer: metrics, region: configuration.region)
        let threads = DispatcherThreads(
            database: configuration.mariaDB, commitSignal: try CommitSignal(path: configuration.commitSignalPath),
            region: configuration.region, runner: runner, observer: metrics,
            upkeep: DispatcherThreads.Upkeep(
                deliveredAge: settings.deliveredRetentionSeconds ?? 86_400, deadAge: settings.deadLetterRetentionSeconds ?? 14 * 86_400,
                busEventAge: settings.busRetentionSeconds ?? 7 * 86_400),
            logger: logger)
        let deliveryThreads = max(1, min(settings.deliveryThreads ?? 4, 64))
        threads.start(deliveryThreads: deliveryThreads)
        if let pidFile { try PIDFile.write(pidFile) }
        logger.info("ready: pid \(getpid()), \(deliveryThreads) delivery threads")

        let signal = StopSignals.wait()
        logger.info("signal \(signal): finishing the attempts under way")
        let clean = threads.stop(deadline: monotonicSeconds() + configuration.grace)
        if let pidFile { PIDFile.removeIfOwned(pidFile) }
        logger.info(clean ? "stopped" : "stopped at the deadline with attempts still under way")
    }
}

/// Seconds since the epoch.
func wallSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

extension EventMetrics: DispatchObserver {
    public func queueDepth(_ depth: EventQueueDepth) {
        self.depth(
            outbox: depth.outbox, unrouted: depth.unrouted, pending: depth.pending, dead: depth.dead,
            oldestPendingAge: depth.oldestPendingAge)
    }
}
