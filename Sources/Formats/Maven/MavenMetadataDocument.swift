import FormatKit

/// A maven-metadata.xml a client PUT: what Granary reads from it to reconcile with what it keeps
/// (the versions it lists complete their Unfinished versions). The document itself is never
/// stored: Granary renders its own from the versions it holds (`MavenMetadataRenderer`).
struct MavenMetadataDocument: Equatable, Sendable {
    let groupId: String?
    let artifactId: String?
    /// `<version>` of a SNAPSHOT's version-level document.
    let version: String?
    /// `<versioning><versions>` of an artifact-level document.
    let versions: [String]
    /// A group-level document of Maven plugins (`<plugins>`, no artifactId).
    let isPluginGroup: Bool
    /// `<versioning><lastUpdated>`: `yyyyMMddHHmmss`, UTC.
    var lastUpdated: String? = nil

    static let limits: XMLLimits = {
        var limits = XMLLimits()
        limits.maxBytes = 4 << 20
        limits.maxDepth = 16
        return limits
    }()

    static func parse(_ bytes: [UInt8]) throws(MavenError) -> MavenMetadataDocument {
        let root = try MavenXML.root(bytes, named: "metadata", document: "maven-metadata.xml", limits: limits)
        let versions = root.child("versioning")?.child("versions")?.children("version").map(\.text.trimmed).filter { !$0.isEmpty } ?? []
        return MavenMetadataDocument(
            groupId: root.value("groupId"), artifactId: root.value("artifactId"), version: root.value("version"), versions: versions,
            isPluginGroup: root.child("plugins") != nil && root.value("artifactId") == nil,
            lastUpdated: root.child("versioning")?.value("lastUpdated").flatMap { stamp in
                stamp.count == 14 && stamp.allSatisfy { $0.isASCII && $0.isNumber } ? stamp : nil
            })
    }

    /// The document must be about the artifact its path names.
    func check(_ artifact: MavenArtifact) throws(MavenError) {
        guard groupId == artifact.groupId, artifactId == artifact.artifactId else {
            throw MavenError(
                .mismatch,
                "maven-metadata.xml is about \(groupId ?? "(no groupId)"):\(artifactId ?? "(no artifactId)"), but its path is \(artifact).")
        }
    }
}
