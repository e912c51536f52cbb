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
        metadataTimeout: Double = 20, downloadTimeout: Double = 600
    ) {
        self.client = client
        var urls = Self.publicURLs
        for (name, url) in overrides { urls[name] = url.hasSuffix("/") || url.hasSuffix(".json") ? url : url + "/" }
        self.urls = urls
        self.metadataTTL = metadataTTL
        self.negativeTTL = negativeTTL
        self.metadataTimeout = metadataTimeout
        self.downloadTimeout = downloadTimeout
    }

    public func url(of connection: String) -> String? { urls[connection] }
}

/// What a request needs to reach external connections: the registries and the thread's cache
/// of their answers.
public struct ExternalAccess {
    public let registries: ExternalRegistries
    public let documents: ExternalDocumentStore

    public init(registries: ExternalRegistries, documents: ExternalDocumentStore) {
        self.registries = registries
        self.documents = documents
    }
}
