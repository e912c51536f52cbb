import FormatKit
import GranaryCore

/// The maven-metadata.xml documents Granary keeps, rendered from the versions it holds (so what
/// clients read always matches the stored files and statuses, whatever a client PUT):
/// - artifact level: the listed versions in Maven's order, `latest` (the highest) and `release`
///   (the highest non-SNAPSHOT), `lastUpdated` (the newest publish);
/// - a SNAPSHOT's version level: its newest timestamped build (`snapshot`) and, per classifier
///   and extension, the newest build's file (`snapshotVersions`), which `-SNAPSHOT` resolves to.
enum MavenMetadataRenderer {
    static let contentType = "text/xml"

    /// `updated`: when an external registry last changed the versions it adds (`yyyyMMddHHmmss`).
    static func artifact(_ artifact: MavenArtifact, versions: [(version: String, published: Double)], updated: String? = nil) -> [UInt8] {
        let ordered = versions.map { (MavenVersion($0.version), $0.published) }.sorted { $0.0 < $1.0 }
        var xml = header + "<metadata>\n" + coordinates(artifact) + "  <versioning>\n"
        if let latest = ordered.last { xml += element("latest", latest.0.description, indent: 4) }
        if let release = ordered.last(where: { !$0.0.isSnapshot }) { xml += element("release", release.0.description, indent: 4) }
        xml += "    <versions>\n"
        for (version, _) in ordered { xml += element("version", version.description, indent: 6) }
        xml += "    </versions>\n"
        let stored = ordered.map(\.1).filter { $0 > 0 }.max().map(Timestamps.compactUTC)
        if let newest = [stored, updated].compactMap({ $0 }).max() { xml += element("lastUpdated", newest, indent: 4) }
        xml += "  </versioning>\n</metadata>\n"
        return Array(xml.utf8)
    }

    /// A file of the SNAPSHOT version, as the version-level document lists it.
    struct SnapshotFile {
        let name: MavenFileName
        let published: Double
    }

    static func snapshot(_ artifact: MavenArtifact, version: String, files: [SnapshotFile]) -> [UInt8] {
        let base = String(version.dropLast("-SNAPSHOT".count))
        var xml = header + "<metadata modelVersion=\"1.1.0\">\n" + coordinates(artifact) + element("version", version, indent: 2)
        xml += "  <versioning>\n"
        let newestBuild = files.compactMap(\.name.build).max()
        if let newestBuild {
            xml += "    <snapshot>\n" + element("timestamp", newestBuild.timestamp, indent: 6)
            xml += element("buildNumber", String(newestBuild.buildNumber), indent: 6) + "    </snapshot>\n"
        }
        let updated = newestBuild?.updated ?? files.map(\.published).max().map(Timestamps.compactUTC) ?? ""
        if !updated.isEmpty { xml += element("lastUpdated", updated, indent: 4) }
        // Per classifier and extension, the newest build's file (a timestamped one over a plain one).
        var newest: [String: SnapshotFile] = [:]
        for file in files {
            let key = "\(file.name.classifier ?? "")\u{0}\(file.name.fileExtension)"
            if let held = newest[key], !isNewer(file.name.build, than: held.name.build) { continue }
            newest[key] = file
        }
        xml += "    <snapshotVersions>\n"
        for (_, file) in newest.sorted(by: { $0.key < $1.key }) {
            xml += "      <snapshotVersion>\n"
            if let classifier = file.name.classifier { xml += element("classifier", classifier, indent: 8) }
            xml += element("extension", file.name.fileExtension, indent: 8)
            xml += element("value", file.name.build?.version(base: base) ?? version, indent: 8)
            xml += element("updated", file.name.build?.updated ?? Timestamps.compactUTC(file.published), indent: 8)
            xml += "      </snapshotVersion>\n"
        }
        xml += "    </snapshotVersions>\n  </versioning>\n</metadata>\n"
        return Array(xml.utf8)
    }

    static func isNewer(_ build: SnapshotBuild?, than held: SnapshotBuild?) -> Bool {
        guard let build else { return false }
        guard let held else { return true }
        return held < build
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    static func coordinates(_ artifact: MavenArtifact) -> String {
        element("groupId", artifact.groupId, indent: 2) + element("artifactId", artifact.artifactId, indent: 2)
    }

    static func element(_ name: String, _ value: String, indent: Int) -> String {
        String(repeating: " ", count: indent) + "<\(name)>\(Escaping.xmlText(value))</\(name)>\n"
    }
}
