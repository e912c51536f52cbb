import EdgeKit
import FormatKit
import GranaryCore
import HTTP

/// What `mvn deploy`, `deploy:deploy-file`, Gradle's `uploadArchives` and curl PUT. Deploying
/// takes PublishPackageVersion and PutPackageMetadata on the package (CodeArtifact's rule), both
/// authorized before a byte of the body is read.
///
/// - A file streams into the blob store on the upload pool and joins its version, which stays
///   Unfinished until a maven-metadata.xml lists it. A POM is read on the staged file (bounded)
///   and must name the artifact and version of its path; it describes the version. A release's
///   file deployed again with the same bytes is accepted, with other bytes it is a 409; once the
///   release is Published it takes no new files. A SNAPSHOT takes every new timestamped build.
/// - A checksum (`.md5`, `.sha1`, `.sha256`, `.sha512`) is compared with the stored file's
///   digest (400 when it differs) and not stored: every file answers every checksum itself.
/// - A maven-metadata.xml is read (bounded), checked against its path and reconciled: the
///   versions it lists are complete (Unfinished → Published, with their events). The document
///   itself is not kept: Granary renders its own from what it holds. Checksums of it are read
///   and let go for the same reason.
enum MavenDeploy {
    /// A checksum file is a digest, perhaps followed by a file name: never near a kilobyte.
    static let checksumLimit = 1024
    /// The files one version holds at most that a `-SNAPSHOT` name is resolved among.
    static let largestVersion = 10_000

    static func put<Context: PackageProtocolContext>(_ request: inout Request, _ context: Context, _ settings: MavenSettings) throws -> Response {
        let target = try MavenRequest(request)
        let services = try context.services(for: request, domain: target.endpoint.domain)
        guard let path = target.path else {
            try services.authorizeAnyPackage(
                .publishPackageVersion, target.endpoint.domain.reference, repository: target.endpoint.repository, format: .maven)
            throw MavenRequest.notLayout(.badRequest)
        }
        let coordinate = try MavenRequest.coordinate(path.artifact)
        for action in [Action.publishPackageVersion, .putPackageMetadata] {
            _ = try services.packageRepository(target.endpoint.domain.reference, target.endpoint.repository, coordinate, for: action)
        }
        let deploy = Deployment(target: target.endpoint, coordinate: coordinate, services: services, settings: settings)
        switch path {
        case .file(let artifact, let version, let file, nil):
            try deploy.file(artifact, version: version, file: file, body: request.body)
        case .file(_, let version, let file, let checksum?):
            try deploy.checksum(checksum, version: version, file: file, sent: try request.body.readAll(limit: checksumLimit))
        case .artifactMetadata(let artifact, nil):
            try deploy.metadata(artifact, version: nil, try request.body.readAll(limit: MavenMetadataDocument.limits.maxBytes))
        case .snapshotMetadata(let artifact, let version, nil):
            try deploy.metadata(artifact, version: version, try request.body.readAll(limit: MavenMetadataDocument.limits.maxBytes))
        case .artifactMetadata(_, _?), .snapshotMetadata(_, _, _?):
            _ = try request.body.readAll(limit: checksumLimit)
        }
        return Response.text(.created, "")
    }
}

/// One deploy request, authorized.
struct Deployment {
    let target: RepositoryEndpoint
    let coordinate: PackageCoordinate
    let services: ServiceContext
    let settings: MavenSettings

    func file(_ artifact: MavenArtifact, version: String, file: String, body: RequestBody) throws {
        guard let name = MavenFileName(file, artifactId: artifact.artifactId, version: version) else {
            throw ProtocolFailure(
                status: .badRequest, message: "\(file) is not a file of \(artifact):\(version) (\(artifact.artifactId)-\(version)[-classifier].extension).")
        }
        let describes = name.classifier == nil && name.fileExtension == "pom"
        let upload = FileUpload(
            coordinate: coordinate, version: version, assetName: file, expectedSHA256: nil,
            joins: version.hasSuffix("-SNAPSHOT") ? .always : .whileUnfinished, publishesVersion: false,
            inspect: { staged in describes ? try Self.describe(staged, artifact, version: version) : FileFacts() },
            read: { try body.read(into: $0) })
        let published = try PackagePublisher(services).publishFile(target.domain.reference, repository: target.repository, upload)
        if name.build != nil, settings.snapshotBuildsKept > 0, published.changed {
            try removeOldBuilds(artifact, of: published)
        }
    }

    /// The files of the SNAPSHOT's builds older than the newest `snapshotBuildsKept`.
    func removeOldBuilds(_ artifact: MavenArtifact, of published: PublishedFile) throws {
        let version = published.version.version
        let files = try services.packages.assets(versionId: published.version.id, after: nil, limit: MavenDeploy.largestVersion)
        let builds = files.compactMap { file in
            MavenFileName(file.name, artifactId: artifact.artifactId, version: version)?.build.map { (build: $0, name: file.name) }
        }
        let kept = Set(Set(builds.map(\.build)).sorted(by: >).prefix(settings.snapshotBuildsKept))
        let old = builds.filter { !kept.contains($0.build) }.map(\.name)
        _ = try PackagePublisher(services).removeFiles(target.domain.reference, repository: target.repository, coordinate, version: version, names: old)
    }

    /// The POM's coordinates must be its path's; its metadata describes the version.
    static func describe(_ staged: StagedBlob, _ artifact: MavenArtifact, version: String) throws -> FileFacts {
        guard staged.record.size <= MavenPOM.limits.maxBytes else {
            throw ProtocolFailure(status: .badRequest, message: "The POM is larger than \(MavenPOM.limits.maxBytes) bytes.")
        }
        let source = try FileByteSource(path: staged.path)
        let pom = try MavenPOM.parse(try source.read(offset: 0, count: source.size))
        try pom.check(artifact, version: version)
        return FileFacts(metadata: pom.metadata, describesVersion: true)
    }

    /// The checksum a client sent for a file it deployed: the stored file's digest, or a 400.
    func checksum(_ kind: MavenChecksum, version: String, file: String, sent: [UInt8]) throws {
        let text = String(decoding: sent, as: UTF8.self)
        let digest = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).first.map { $0.lowercased() } ?? ""
        guard digest.count == kind.hexLength, digest.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw ProtocolFailure(status: .badRequest, message: "\(file).\(kind.rawValue) is not a \(kind.rawValue) digest (\(kind.hexLength) hex digits).")
        }
        let (_, asset) = try PackageService(services).asset(
            target.domain.reference, repository: target.repository, coordinate, version: version, asset: file, revision: nil,
            action: .publishPackageVersion)
        let stored = kind.digest(of: asset.blob)
        guard stored == digest else {
            throw ProtocolFailure(
                status: .badRequest, message: "The \(kind.rawValue) sent for \(file) is \(digest), but the file stored is \(stored): deploy it again.")
        }
    }

    /// A client's maven-metadata.xml: about this artifact (and version), and the versions it
    /// lists are complete. A group's plugin document is accepted and not kept.
    func metadata(_ artifact: MavenArtifact, version: String?, _ bytes: [UInt8]) throws {
        let document = try MavenMetadataDocument.parse(bytes)
        guard !document.isPluginGroup else { return }
        try document.check(artifact)
        if let version {
            guard document.version == nil || document.version == version else {
                throw ProtocolFailure(status: .badRequest, message: "maven-metadata.xml is about version \(document.version ?? ""), but its path is \(version).")
            }
            return
        }
        _ = try PackagePublisher(services).complete(target.domain.reference, repository: target.repository, coordinate, versions: document.versions)
    }
}
