#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import ControlPlane
import EventBridge
import GranaryCore
import FastCGI
import GenericFormat
import MavenFormat
import NuGetFormat
import NpmFormat
import PyPIFormat
import UpstreamHTTP
import GranaryStore
import HTTP
import Logging
import MariaDB
import Operations

/// One worker process: a metadata pool and an upload pool, each on its own socket, so long
/// uploads never starve metadata requests. SIGTERM drains both and exits.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run one FastCGI worker process.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Instance number: the sockets are meta-N.sock and upload-N.sock in socketDir.")
    var instance: Int = 0

    @Option(help: "Written once both sockets listen; removed at exit if it still names this process.")
    var pidFile: String?

    func run() throws {
        StopSignals.blockInThisAndFutureThreads()
        FastCGILibrary.initialize()
        MariaDBLibrary.initialize()
        CurlUpstreamClient.initializeLibrary()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "granary.worker")
        logger[metadataKey: "instance"] = "\(instance)"

        let configuration = try options.load()
        let masterKey = try FileMasterKey(path: configuration.masterKeyFile)
        let shared = SharedServices(
            region: configuration.region, blobStore: try DiskBlobStore(root: configuration.blobDir), masterKey: masterKey,
            tokenKey: masterKey.derivedKey(purpose: "authorization-tokens"),
            authenticator: Authenticator(region: configuration.region),
            renderedPages: try DiskRenderedPages(blobRoot: configuration.blobDir),
            registries: configuration.externalRegistries, commitSignal: try CommitSignal(path: configuration.commitSignalPath))
        let metrics = try Metrics(directory: configuration.metricsDir, instance: instance)
        var router = Router<WorkerContext>()
        OperationsRoutes.register(into: &router, metrics: metrics)
        let controlPlane = ControlPlaneSettings(
            region: configuration.region, publicEndpoint: configuration.publicEndpoint, pageTokenKey: masterKey.derivedKey(purpose: "page-tokens"))
        ControlPlaneRoutes.register(into: &router, settings: controlPlane)
        let json11 = [
            EventBridgeRoutes.service(region: configuration.region, for: WorkerContext.self),
            GranaryEventsRoutes.service(region: configuration.region, for: WorkerContext.self),
        ]
        JSON11Routes.register(into: &router, settings: controlPlane, services: json11)
        GenericRoutes.register(into: &router)
        PyPIRoutes.register(into: &router)
        NpmRoutes.register(into: &router)
        MavenRoutes.register(into: &router, settings: MavenSettings(snapshotBuildsKept: configuration.maven?.snapshotBuildsKept ?? 0))
        NuGetRoutes.register(into: &router)
        if configuration.diagnostics {  // last: it lists the routes above
            DiagnosticsRoutes.register(
                into: &router, json11Targets: json11.flatMap { service in service.operationNames.map { service.targetPrefix + "." + $0 } })
        }
        let application = GranaryApplication(
            router: router, configuration: configuration, shared: shared, metrics: metrics, logger: logger)

        let pools = [
            WorkerPool(
                name: "meta", socket: try ListeningSocket(path: "\(configuration.socketDir)/meta-\(instance).sock"),
                threads: configuration.metaThreads, app: application),
            WorkerPool(
                name: "upload", socket: try ListeningSocket(path: "\(configuration.socketDir)/upload-\(instance).sock"),
                threads: configuration.uploadThreads, app: application),
        ]
        for pool in pools { pool.start() }
        if let pidFile { try PIDFile.write(pidFile) }
        logger.info("ready: pid \(getpid()), \(configuration.metaThreads) metadata and \(configuration.uploadThreads) upload threads")

        let signal = StopSignals.wait()
        logger.info("signal \(signal): draining")
        let deadline = monotonicSeconds() + configuration.grace
        for pool in pools { pool.detach() }
        let clean = pools.map { $0.drainAndStop(deadline: deadline) }.allSatisfy { $0 }
        if let pidFile { PIDFile.removeIfOwned(pidFile) }
        logger.info(clean ? "stopped" : "stopped at the deadline with requests still in flight")
    }
}

/// The pid file names the live process of an instance; a replaced process leaves it alone.
enum PIDFile {
    static func write(_ path: String) throws {
        let temporary = "\(path).\(getpid())"
        let text = "\(getpid())\n"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot write pid file \(path)") }
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        guard rename(temporary, path) == 0 else { throw ValidationError("cannot write pid file \(path)") }
    }

    static func removeIfOwned(_ path: String) {
        guard let fd = Optional(open(path, O_RDONLY | O_CLOEXEC)), fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        close(fd)
        guard count > 0 else { return }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self).filter { $0.isNumber }
        if text == String(getpid()) { unlink(path) }
    }
}
