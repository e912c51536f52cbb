import FoundationEssentials
import GranaryCore
import GranaryStore
import MariaDB
import UpstreamHTTP

/// `granary.json`, written by scripts/stack.sh (or by hand for a real deployment).
struct GranaryConfiguration: Decodable, Sendable {
    struct Database: Decodable, Sendable {
        var socket: String?
        var host: String?
        var port: UInt32?
        var name: String
        var user: String
        var password: String
    }

    var region: String
    var stateDir: String
    var blobDir: String
    var sqlDir: String
    var socketDir: String
    var masterKeyFile: String
    var database: Database
    var metaThreads: Int
    var uploadThreads: Int
    var diagnostics: Bool
    var publicEndpoint: String
    var shutdownGraceSeconds: Double?
    var upstream: Upstream?

    /// External connections: CodeArtifact's connection names → registry URLs (the public ones
    /// unless overridden), the CA bundle for registries with a private CA, the cache settings, and
    /// the guard: the special-purpose networks (loopback, private, …) the operator allows
    /// fetches to reach, and the size caps of a package file and of an index document.
    struct Upstream: Decodable, Sendable {
        var connections: [String: String]?
        var caBundle: String?
        var metadataTTLSeconds: Double?
        var negativeTTLSeconds: Double?
        var metadataTimeoutSeconds: Double?
        var downloadTimeoutSeconds: Double?
        var allowNetworks: [String]?
        var maxFileBytes: Int?
        var maxIndexBytes: Int?

        var addressPolicy: UpstreamAddressPolicy {
            (try? UpstreamAddressPolicy(allowing: allowNetworks ?? [])) ?? UpstreamAddressPolicy()
        }

        /// Refuses, at load, what the guard would refuse on every fetch anyway.
        func validate() throws {
            do {
                _ = try UpstreamAddressPolicy(allowing: allowNetworks ?? [])
            } catch {
                throw LoadError(description: "upstream.allowNetworks: \(error)")
            }
            for (name, url) in (connections ?? [:]).sorted(by: { $0.key < $1.key }) where !CurlUpstreamClient.hasAllowedScheme(url) {
                throw LoadError(description: "upstream.connections \(name): only http:// and https:// URLs are allowed, got \(url)")
            }
            for (key, value) in [("maxFileBytes", maxFileBytes), ("maxIndexBytes", maxIndexBytes)] {
                if let value, value <= 0 { throw LoadError(description: "upstream.\(key) must be a positive number of bytes") }
            }
        }
    }

    var events: Events?
    var maven: Maven?

    /// Maven repositories: how many timestamped builds of a SNAPSHOT version are kept (0: all).
    struct Maven: Decodable, Sendable {
        var snapshotBuildsKept: Int?
    }

    /// Event delivery (`granary dispatch`): the guard on webhook targets (the special-purpose
    /// networks allowed, like the upstreams' list but its own), retry backoff, the attempt
    /// timeout, delivery threads and how long delivered rows, dead letters and bus events stay.
    struct Events: Decodable, Sendable {
        var allowNetworks: [String]?
        var retryInitialSeconds: Double?
        var retryMaximumSeconds: Double?
        var timeoutSeconds: Double?
        var deliveryThreads: Int?
        var deliveredRetentionSeconds: Double?
        var deadLetterRetentionSeconds: Double?
        var busRetentionSeconds: Double?

        var addressPolicy: UpstreamAddressPolicy {
            (try? UpstreamAddressPolicy(allowing: allowNetworks ?? [])) ?? UpstreamAddressPolicy()
        }
    }

    var metricsDir: String { stateDir + "/metrics" }

    /// Moved after every commit by every Granary process of this state directory (`CommitSignal`).
    var commitSignalPath: String { stateDir + "/commits" }

    /// A database connection whose commits move the commit signal, so workers' caches see them.
    func connection(signal: CommitSignal) -> Connection {
        Connection(configuration: mariaDB, afterCommit: { signal.bump() })
    }

    /// The same, for a command that opens the signal for its own connection.
    func connection() throws -> Connection {
        connection(signal: try CommitSignal(path: commitSignalPath))
    }

    var externalRegistries: ExternalRegistries {
        let settings = upstream ?? Upstream()
        return ExternalRegistries(
            client: CurlUpstreamClient(caBundle: settings.caBundle, addresses: settings.addressPolicy), overrides: settings.connections ?? [:],
            metadataTTL: settings.metadataTTLSeconds ?? 300, negativeTTL: settings.negativeTTLSeconds ?? 60,
            metadataTimeout: settings.metadataTimeoutSeconds ?? 20, downloadTimeout: settings.downloadTimeoutSeconds ?? 600,
            maxIndexBytes: settings.maxIndexBytes ?? 64 << 20, maxFileBytes: settings.maxFileBytes ?? 2 << 30)
    }
    var grace: Double { shutdownGraceSeconds ?? 20 }

    var mariaDB: MariaDB.Configuration {
        MariaDB.Configuration(
            socket: database.socket, host: database.host, port: database.port ?? 3306, user: database.user,
            password: database.password, database: database.name)
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// `--config`, else $GRANARY_CONFIG, else ./.run/granary.json (so `granary admin …` run from the
    /// checkout after `make run` acts on that stack).
    static func load(path explicit: String?) throws -> GranaryConfiguration {
        let path = explicit ?? ProcessInfo.processInfo.environment["GRANARY_CONFIG"] ?? ".run/granary.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read configuration \(path) (run `make run` first, or pass --config)")
        }
        let configuration: GranaryConfiguration
        do {
            configuration = try JSONDecoder().decode(GranaryConfiguration.self, from: data)
        } catch {
            throw LoadError(description: "configuration \(path) is not valid: \(error)")
        }
        do {
            try configuration.upstream?.validate()
            if let networks = configuration.events?.allowNetworks {
                do {
                    _ = try UpstreamAddressPolicy(allowing: networks)
                } catch {
                    throw LoadError(description: "events.allowNetworks: \(error)")
                }
            }
        } catch let error as LoadError {
            throw LoadError(description: "configuration \(path) is not valid: \(error.description)")
        }
        return configuration
    }
}
