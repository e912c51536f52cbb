/// A file of a version, `{artifactId}-{version}[-{classifier}].{extension}`; in a SNAPSHOT
/// version's folder the version part is either `1.0-SNAPSHOT` itself or a timestamped build,
/// `1.0-20261203.172330-2` (UTC time, build number), as `mvn deploy` names them.
struct MavenFileName: Equatable, Sendable {
    let classifier: String?
    /// Everything after the first dot that follows version and classifier (`jar`, `tar.gz`).
    let fileExtension: String
    /// The timestamped build the file belongs to, for a SNAPSHOT's timestamped files.
    let build: SnapshotBuild?

    /// Nil when `file` is not a file of `artifactId` at `version` (the path's folder).
    init?(_ file: String, artifactId: String, version: String) {
        guard file.hasPrefix(artifactId + "-") else { return nil }
        let rest = Substring(file).dropFirst(artifactId.count + 1)
        let tail: Substring
        if rest.hasPrefix(version), let after = rest.dropFirst(version.count).first, after == "." || after == "-" {
            tail = rest.dropFirst(version.count)
            build = nil
        } else if version.hasSuffix("-SNAPSHOT"), let (found, after) = SnapshotBuild.prefix(of: rest, base: String(version.dropLast(9))) {
            tail = after
            build = found
        } else {
            return nil
        }
        if tail.hasPrefix("-") {
            guard let dot = tail.firstIndex(of: "."), tail.index(after: tail.startIndex) < dot else { return nil }
            classifier = String(tail[tail.index(after: tail.startIndex)..<dot])
            fileExtension = String(tail[tail.index(after: dot)...])
        } else {
            guard tail.first == "." else { return nil }
            classifier = nil
            fileExtension = String(tail.dropFirst())
        }
        guard !fileExtension.isEmpty, !fileExtension.hasSuffix(".") else { return nil }
    }
}

/// One `mvn deploy` of a SNAPSHOT: its UTC timestamp `yyyyMMdd.HHmmss` and build number.
struct SnapshotBuild: Comparable, Hashable, Sendable {
    let timestamp: String
    let buildNumber: Int

    /// `1.0-20261203.172330-2` for base version `1.0`.
    func version(base: String) -> String { "\(base)-\(timestamp)-\(buildNumber)" }

    /// `yyyyMMddHHmmss`, as `<updated>` and `<lastUpdated>` write it.
    var updated: String { String(timestamp.filter { $0 != "." }) }

    static func < (lhs: SnapshotBuild, rhs: SnapshotBuild) -> Bool {
        (lhs.buildNumber, lhs.timestamp) < (rhs.buildNumber, rhs.timestamp)
    }

    /// The build at the start of `text` (`{base}-{timestamp}-{n}`), and what follows it.
    static func prefix(of text: Substring, base: String) -> (SnapshotBuild, Substring)? {
        guard text.hasPrefix(base + "-") else { return nil }
        let rest = text.dropFirst(base.count + 1)
        let stamp = rest.prefix(15)
        guard stamp.count == 15, stamp.enumerated().allSatisfy({ $0.offset == 8 ? $0.element == "." : $0.element.isASCII && $0.element.isNumber })
        else { return nil }
        let afterStamp = rest.dropFirst(15)
        guard afterStamp.first == "-" else { return nil }
        let digits = afterStamp.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let number = Int(digits), number > 0 else { return nil }
        return (SnapshotBuild(timestamp: String(stamp), buildNumber: number), afterStamp.dropFirst(1 + digits.count))
    }
}
