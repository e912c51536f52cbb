import EdgeKit
import GranaryCore
import HTTP

/// What Maven and Gradle read: the maven-metadata.xml documents Granary keeps (through the
/// listing pipeline: rendered once per change of the chain, served by nginx) and files (through
/// the download pipeline), each also as its checksum.
enum MavenReads {
    static func get<Context: PackageProtocolContext>(_ request: Request, _ context: Context) throws -> Response {
        let target = try MavenRequest(request)
        switch target.path {
        case nil:
            let services = try context.services(for: request, domain: target.endpoint.domain)
            _ = try services.repositorySummary(target.endpoint.domain.reference, target.endpoint.repository, for: .readFromRepository)
            throw MavenRequest.notLayout(.notFound)
        case .artifactMetadata(let artifact, let checksum)?:
            return try metadata(request, context, target.endpoint, artifact, document: "metadata", checksum) { view, external, service in
                // The chain's listed versions; those only the external registry has join them.
                var versions = try service.chainListing(view).filter(\.isListed).map { (version: $0.version, published: $0.publishedTime) }
                var updated: String?
                if let external {
                    let offered = try MavenExternal.offered(external, artifact, service, context.external)
                    let known = Set(versions.map(\.version))
                    versions += offered.versions.filter { !known.contains($0) }.map { (version: $0, published: 0) }
                    updated = offered.lastUpdated
                }
                guard !versions.isEmpty else { throw noMetadata(artifact) }
                return MavenMetadataRenderer.artifact(artifact, versions: versions, updated: updated)
            }
        case .snapshotMetadata(let artifact, let version, let checksum)?:
            return try metadata(request, context, target.endpoint, artifact, document: "metadata-" + version, checksum) { view, _, service in
                guard let listed = try service.chainListing(view).first(where: { $0.version == version && $0.isServed }) else {
                    throw noMetadata(artifact, version: version)
                }
                let files = listed.assets.compactMap { asset in
                    MavenFileName(asset.name, artifactId: artifact.artifactId, version: version).map {
                        MavenMetadataRenderer.SnapshotFile(name: $0, published: listed.publishedTime)
                    }
                }
                return MavenMetadataRenderer.snapshot(artifact, version: version, files: files)
            }
        case .file(let artifact, let version, let file, let checksum)?:
            return try download(request, context, target.endpoint, artifact, version: version, file: file, checksum)
        }
    }

    /// A maven-metadata.xml (or its checksum: another form of the same page) rendered from the
    /// listed versions of the chain by `render`. `document` names it among the package's pages
    /// (the artifact's, or a SNAPSHOT version's).
    static func metadata<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint, _ artifact: MavenArtifact, document: String,
        _ checksum: MavenChecksum?,
        render: @escaping (PackageChainView, ExternalIndex.Found?, PackageService) throws -> [UInt8]
    ) throws -> Response {
        try ListingPipeline.serve(
            request, context, endpoint, form: document + (checksum.map { "." + $0.rawValue } ?? ""),
            contentType: checksum == nil ? MavenMetadataRenderer.contentType : checksumContentType,
            describe: {
                (MavenExternal.listed(artifact, try MavenRequest.coordinate(artifact)), artifact)
            }
        ) { _, view, external, service in
            let document = try render(view, external, service)
            return checksum.map { Array($0.digest(of: document).utf8) } ?? document
        }
    }

    static let checksumContentType = "text/plain"

    static func noMetadata(_ artifact: MavenArtifact, version: String? = nil) -> ServiceError {
        let what = version.map { "\(artifact):\($0)" } ?? "\(artifact)"
        return ServiceError.notFound("\(what) has no published versions in this repository or its upstreams.", id: artifact.artifactId, type: "package")
    }

    /// A file of a version through the chain; `{artifactId}-{version}-SNAPSHOT…` names the newest
    /// timestamped build's file with that classifier and extension.
    static func download<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, _ endpoint: RepositoryEndpoint, _ artifact: MavenArtifact, version: String, file: String,
        _ checksum: MavenChecksum?
    ) throws -> Response {
        try DownloadPipeline.serve(
            request, context, endpoint,
            describe: {
                let coordinate = try MavenRequest.coordinate(artifact)
                guard let name = MavenFileName(file, artifactId: artifact.artifactId, version: version) else {
                    throw ProtocolFailure(status: .notFound, message: "\(file) is not a file of \(artifact):\(version).")
                }
                return (RequestedFile(coordinate, version: version, file: file), name)
            },
            ingest: { wanted, name, view, service in
                if let newest = try newestBuild(of: name, wanted, view, service) { return newest }
                return try MavenExternal.ingest(view, artifact, version: version, file: file, service, context.external)
            },
            respond: checksum.map { kind in { _, asset, _ in Response.text(.ok, kind.digest(of: asset.blob), contentType: checksumContentType) } })
    }

    /// The newest timestamped build's file that `name` (a plain `-SNAPSHOT` file name) stands for.
    static func newestBuild(
        of name: MavenFileName, _ wanted: RequestedFile, _ view: PackageChainView, _ service: PackageService
    ) throws -> (PackageVersion, Asset)? {
        guard name.build == nil, wanted.version.hasSuffix("-SNAPSHOT") else { return nil }
        let (version, assets) = try service.chainAssets(view, version: wanted.version, limit: MavenDeploy.largestVersion)
        let builds = assets.compactMap { asset -> (SnapshotBuild, Asset)? in
            guard let file = MavenFileName(asset.name, artifactId: wanted.coordinate.name, version: wanted.version), let build = file.build,
                file.classifier == name.classifier, file.fileExtension == name.fileExtension
            else { return nil }
            return (build, asset)
        }
        return builds.max { $0.0 < $1.0 }.map { (version, $0.1) }
    }
}
