import EdgeKit
import GranaryCore
import HTTP

/// Maven repositories under `/d/{domain}-{owner}/maven/{repository}/`, in Maven's layout as
/// mvn, Gradle and curl use it (namespace = groupId, package = artifactId, as CodeArtifact):
///
/// - `GET`/`HEAD {group/path}/{artifactId}/maven-metadata.xml` and
///   `…/{version}-SNAPSHOT/maven-metadata.xml`: kept by Granary from the versions it holds,
///   rendered once per change and served by nginx after the token check (`MavenReads`).
/// - `GET`/`HEAD …/{version}/{file}`: a file through the upstream chain; `-SNAPSHOT` file names
///   resolve to the newest timestamped build.
/// - Every document and file also with `.md5`, `.sha1`, `.sha256` or `.sha512` appended: its
///   checksum, from the stored digests.
/// - `PUT` of each of them (`MavenDeploy`): files stream into the blob store; checksums are
///   verified, not stored; maven-metadata.xml completes the versions it lists.
public enum MavenRoutes {
    public static func register<Context: PackageProtocolContext>(into router: inout Router<Context>, settings: MavenSettings = MavenSettings()) {
        let path = "/d/:domain/maven/:repository/*path"
        router.add("GET", path, routeClass: PackageFormat.maven.routeClass) { request, context in
            try ProtocolFailure.rendering(PlainTextFailure.init) { try MavenReads.get(request, context) }
        }
        router.add("PUT", path, routeClass: PackageFormat.maven.routeClass) { request, context in
            try ProtocolFailure.rendering(PlainTextFailure.init) { try MavenDeploy.put(&request, context, settings) }
        }
    }
}

/// What a site decides about its Maven repositories.
public struct MavenSettings: Sendable {
    /// How many of a SNAPSHOT version's newest timestamped builds are kept: deploying a newer
    /// one removes the files of older ones beyond it. 0 keeps every build (CodeArtifact's way).
    public var snapshotBuildsKept: Int

    public init(snapshotBuildsKept: Int = 0) { self.snapshotBuildsKept = max(0, snapshotBuildsKept) }
}

/// What a Maven URL names beyond its repository endpoint.
struct MavenRequest {
    let endpoint: RepositoryEndpoint
    /// Nil for a path that is not in Maven's layout: the caller answers 404 (reads) or 400
    /// (writes), after the token is checked.
    let path: MavenPath?

    init(_ request: Request) throws {
        endpoint = try RepositoryEndpoint(request, format: .maven)
        let segments = (request.parameters["path"] ?? "").split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        path = MavenPath(segments)
    }

    /// The package the path names, as Granary stores it (the groupId and artifactId checked
    /// as names).
    static func coordinate(_ artifact: MavenArtifact) throws -> PackageCoordinate {
        try PackageService.coordinate(format: PackageFormat.maven.rawValue, namespace: artifact.groupId, name: artifact.artifactId)
    }

    static func notLayout(_ status: Status) -> ProtocolFailure {
        ProtocolFailure(status: status, message: "The path is not in Maven's repository layout (group/artifact/version/file).")
    }
}
