import EdgeKit
import GranaryCore

/// A Maven repository's external connection (`public:maven-central` and the other four, or a
/// connection an account defined): the registry's artifact-level maven-metadata.xml (cached,
/// revalidated, served stale when the registry fails) merged into the one Granary renders, and a
/// file of a version the registry lists fetched on its first download and kept (origin EXTERNAL).
enum MavenExternal {
    /// Where the registry keeps the artifact's versions.
    static func listed(_ artifact: MavenArtifact, _ coordinate: PackageCoordinate) -> ListedPackage {
        ListedPackage(
            coordinate, externalPath: artifact.path + MavenPath.metadataFile, externalAccept: "application/xml, text/xml;q=0.9, */*;q=0.1")
    }

    /// The versions the registry's document lists (the ones Granary could store), and when it says
    /// it changed; nothing when the document is not a maven-metadata.xml of this artifact.
    static func offered(
        _ found: ExternalIndex.Found, _ artifact: MavenArtifact, _ service: PackageService, _ access: ExternalAccess
    ) throws -> (versions: [String], lastUpdated: String?) {
        let body = try service.externalBody(access, found.document, holder: found.holder, try MavenRequest.coordinate(artifact))
        guard let document = try? MavenMetadataDocument.parse(body), (try? document.check(artifact)) != nil else { return ([], nil) }
        return (document.versions.filter { Names.isPackageToken($0) && MavenPath.isSegment($0) }, document.lastUpdated)
    }

    /// The file, fetched from the registry now and kept, when the registry lists its version; a POM
    /// describes the version when Granary can read it (a registry's POM it cannot read is kept as
    /// a file all the same: it is what the registry serves).
    static func ingest(
        _ view: PackageChainView, _ artifact: MavenArtifact, version: String, file: String, _ service: PackageService, _ access: ExternalAccess
    ) throws -> (PackageVersion, Asset)? {
        let coordinate = try MavenRequest.coordinate(artifact)
        guard let (holder, connection) = view.connection, let base = try access.baseURL(of: connection, owner: holder.domainOwner),
            let found = try ExternalIndex.find(view, listed(artifact, coordinate), service, access),
            try offered(found, artifact, service, access).versions.contains(version)
        else { return nil }
        let describes = MavenFileName(file, artifactId: artifact.artifactId, version: version).map { $0.classifier == nil && $0.fileExtension == "pom" }
        let url = base + artifact.path + version + "/" + file
        let sha1 = try registrySHA1(of: url, holder: holder, access)
        return try service.ingest(access, view: view, coordinate, version: version, fileName: file, url: url, expectedSHA256: nil) { staged in
            if let sha1, sha1 != staged.record.sha1 {
                throw ServiceError.validation(
                    "The registry's \(file) has SHA-1 \(staged.record.sha1), not the \(sha1) of its \(file).sha1: it was not kept.")
            }
            guard describes == true, let facts = try? Deployment.describe(staged, artifact, version: version) else { return FileFacts() }
            return facts
        }
    }

    /// The SHA-1 the registry publishes beside the file (every Maven repository does; nil when
    /// this one does not), which the fetched file must match.
    static func registrySHA1(of url: String, holder: Repository, _ access: ExternalAccess) throws -> String? {
        let headers = try access.authorization(holder: holder, url: url + ".sha1").map { [(name: "Authorization", value: $0)] } ?? []
        let response = try access.registries.client.fetch(UpstreamRequest(
            url: url + ".sha1", headers: headers, timeoutSeconds: access.registries.metadataTimeout, maxBodyBytes: MavenDeploy.checksumLimit))
        guard response.status == 200 else { return nil }
        let digest = String(decoding: response.body, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map { $0.lowercased() }
        guard let digest, digest.count == MavenChecksum.sha1.hexLength, digest.allSatisfy(\.isHexDigit) else { return nil }
        return digest
    }
}
