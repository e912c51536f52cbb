import GranaryCore
import GranaryCrypto

/// The checksum files Maven and Gradle read and write beside every file: never stored, always
/// answered from the file's own digests (the blob store keeps all four).
enum MavenChecksum: String, CaseIterable, Sendable {
    case md5, sha1, sha256, sha512

    func digest(of blob: BlobRecord) -> String {
        switch self {
        case .md5: blob.md5
        case .sha1: blob.sha1
        case .sha256: blob.sha256
        case .sha512: blob.sha512
        }
    }

    /// Of a document Granary renders (maven-metadata.xml), in lower-case hex.
    func digest(of bytes: [UInt8]) -> String {
        let algorithm: DigestAlgorithm =
            switch self {
            case .md5: .md5
            case .sha1: .sha1
            case .sha256: .sha256
            case .sha512: .sha512
            }
        return Hex.encode(Digest.hash(algorithm, bytes))
    }

    /// How many hex digits the checksum file holds.
    var hexLength: Int {
        switch self {
        case .md5: 32
        case .sha1: 40
        case .sha256: 64
        case .sha512: 128
        }
    }

    /// `name.sha1` → (`name`, .sha1); a name without a checksum suffix → (name, nil).
    static func split(_ fileName: String) -> (String, MavenChecksum?) {
        for kind in allCases where fileName.hasSuffix("." + kind.rawValue) {
            return (String(fileName.dropLast(kind.rawValue.count + 1)), kind)
        }
        return (fileName, nil)
    }
}

/// A package in Maven's layout: groupId (the namespace, dots in the name, slashes in the path)
/// and artifactId (the name), as CodeArtifact maps them.
struct MavenArtifact: Equatable, Sendable, CustomStringConvertible {
    let groupId: String
    let artifactId: String

    var coordinate: PackageCoordinate { PackageCoordinate(format: .maven, namespace: groupId, name: artifactId) }
    var path: String { groupId.split(separator: ".").joined(separator: "/") + "/" + artifactId + "/" }
    var description: String { "\(groupId):\(artifactId)" }
}

/// What a path under a Maven repository endpoint names:
/// `{group/path}/{artifactId}/maven-metadata.xml` (the artifact's versions),
/// `{group/path}/{artifactId}/{version}-SNAPSHOT/maven-metadata.xml` (a SNAPSHOT's builds), or
/// `{group/path}/{artifactId}/{version}/{file}`; each may end in a checksum suffix.
enum MavenPath: Equatable, Sendable {
    case artifactMetadata(MavenArtifact, MavenChecksum?)
    case snapshotMetadata(MavenArtifact, version: String, MavenChecksum?)
    case file(MavenArtifact, version: String, file: String, MavenChecksum?)

    static let metadataFile = "maven-metadata.xml"

    init?(_ segments: [String]) {
        guard let last = segments.last, segments.allSatisfy(MavenPath.isSegment) else { return nil }
        let (name, checksum) = MavenChecksum.split(last)
        let parents = segments.dropLast()
        if name == MavenPath.metadataFile {
            if let version = parents.last, version.hasSuffix("-SNAPSHOT"), parents.count >= 3 {
                let artifact = MavenArtifact(groupId: parents.dropLast(2).joined(separator: "."), artifactId: parents[parents.count - 2])
                self = .snapshotMetadata(artifact, version: version, checksum)
                return
            }
            guard parents.count >= 2 else { return nil }
            self = .artifactMetadata(MavenArtifact(groupId: parents.dropLast().joined(separator: "."), artifactId: parents.last!), checksum)
            return
        }
        guard parents.count >= 3 else { return nil }
        let version = parents[parents.count - 1]
        let artifact = MavenArtifact(groupId: parents.dropLast(2).joined(separator: "."), artifactId: parents[parents.count - 2])
        self = .file(artifact, version: version, file: name, checksum)
    }

    var artifact: MavenArtifact {
        switch self {
        case .artifactMetadata(let artifact, _), .snapshotMetadata(let artifact, _, _), .file(let artifact, _, _, _): artifact
        }
    }

    /// A path segment Maven could have written: a name of letters, digits and `._-~+` that is not
    /// `.` or `..` (so no path built from it leaves its folder), at most 255 bytes.
    static func isSegment(_ segment: String) -> Bool {
        guard !segment.isEmpty, segment.utf8.count <= 255, segment != ".", segment != "..", !segment.hasPrefix(".") else { return false }
        return segment.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x2e || byte == 0x2d || byte == 0x5f || byte == 0x7e || byte == 0x2b
        }
    }
}
