/// Where external connections lead, and how their answers are cached: CodeArtifact's connection
/// names (`public:pypi`, `public:npmjs`, …) map to registry URLs, by default the public ones; a
/// site points a name at its own mirror in Granary's configuration.
public struct ExternalRegistries: Sendable {
    public let client: any UpstreamClient
    /// Connection name → base URL (ending in "/"): a PyPI simple index (`…/simple/`), an npm registry.
    public let urls: [String: String]
    /// How long a fetched index document is used before it is revalidated.
    public let metadataTTL: Double
    /// How long "the registry does not have it" is believed.
    public let negativeTTL: Double
    /// Index documents: the whole exchange.
    public let metadataTimeout: Double
    /// Package files: the whole transfer.
    public let downloadTimeout: Double
    /// The largest index document (project page, packument) read; a larger one fails the fetch.
    public let maxIndexBytes: Int
    /// The largest package file fetched; a larger one aborts the transfer and nothing is stored.
    public let maxFileBytes: Int

    public static let publicURLs: [String: String] = [
        "public:pypi": "https://pypi.org/simple/",
        "public:npmjs": "https://registry.npmjs.org/",
        "public:maven-central": "https://repo1.maven.org/maven2/",
        "public:maven-googleandroid": "https://maven.google.com/",
        "public:maven-gradleplugins": "https://plugins.gradle.org/m2/",
        "public:maven-commonsware": "https://repo.commonsware.com/",
        "public:maven-clojars": "https://repo.clojars.org/",
        "public:nuget-org": "https://api.nuget.org/v3/index.json",
        "public:crates-io": "https://index.crates.io/",
        "public:ruby-gems-org": "https://rubygems.org/",
    ]

    public init(
        client: any UpstreamClient, overrides: [String: String] = [:], metadataTTL: Double = 300, negativeTTL: Double = 60,
        metadataTimeout: Double = 20, downloadTimeout: Double = 600, maxIndexBytes: Int = 64 << 20, maxFileBytes: Int = 2 << 30
    ) {
        self.client = client
        var urls = Self.publicURLs
        for (name, url) in overrides { urls[name] = url.hasSuffix("/") || url.hasSuffix(".json") ? url : url + "/" }
        self.urls = urls
        self.metadataTTL = metadataTTL
        self.negativeTTL = negativeTTL
        self.metadataTimeout = metadataTimeout
        self.downloadTimeout = downloadTimeout
        self.maxIndexBytes = maxIndexBytes
        self.maxFileBytes = maxFileBytes
    }

    public func url(of connection: String) -> String? { urls[connection] }
}

/// What a request needs to reach external connections: the registries, the connections
/// accounts defined, and the thread's cache of their answers.
public struct ExternalAccess {
    public let registries: ExternalRegistries
    public let documents: ExternalDocumentStore
    /// nil: only CodeArtifact's `public:` names resolve.
    public let definitions: DefinedConnections?

    public init(registries: ExternalRegistries, documents: ExternalDocumentStore, definitions: DefinedConnections? = nil) {
        self.registries = registries
        self.documents = documents
        self.definitions = definitions
    }

    /// Where a repository's connection leads: a `public:` name by configuration, any other by the
    /// definition of the domain owner's account. nil when it leads nowhere (any more).
    public func baseURL(of connection: ExternalConnection, owner: String) throws -> String? {
        if connection.name.hasPrefix("public:") { return registries.url(of: connection.name) }
        return try definitions?.endpoint(owner: owner, name: connection.name)?.baseURL
    }

    /// The Authorization header for a request to `url` through `holder`'s connection: only a
    /// defined connection's credentials, and only to the origin (scheme, host, port) of its base
    /// URL, never to another host a file URL may point to.
    public func authorization(holder: Repository, url: String) throws -> String? {
        guard let connection = holder.externalConnections.first, !connection.name.hasPrefix("public:"),
            let endpoint = try definitions?.endpoint(owner: holder.domainOwner, name: connection.name),
            let credentials = endpoint.credentials, let origin = URLOrigin.of(url), origin == URLOrigin.of(endpoint.baseURL)
        else { return nil }
        return credentials.authorization
    }
}
