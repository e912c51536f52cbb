import FormatKit
import GranaryCore
/// Builds the two packument forms from a `PackumentInput`. Versions are listed in semver order;
/// each version's `dist` is the server's (tarball URL and digests of the stored blob), never the
/// client's; the full form carries the latest version's readme once, at the top, rather than in
/// every version.
struct PackumentRenderer {
    private let input: PackumentInput
    private let versions: [PackumentVersion]
    private let distTags: [(tag: String, version: String)]
    private let latest: PackumentVersion?

    /// Fields of a version that install needs: the abbreviated form keeps only these (pacote's list,
    /// plus `license`, which some audit tools read).
    static let installFields = [
        "name", "version", "deprecated", "dependencies", "optionalDependencies", "devDependencies", "bundleDependencies",
        "bundledDependencies", "peerDependencies", "peerDependenciesMeta", "bin", "directories", "engines", "cpu", "os",
        "libc", "_hasShrinkwrap", "hasInstallScript", "funding", "license", "acceptDependencies",
    ]

    /// Package-level fields the registry repeats at the top of the full form, from the latest version.
    static let topLevelFields = ["description", "homepage", "keywords", "repository", "author", "bugs", "license", "maintainers"]

    init(_ input: PackumentInput) {
        self.input = input
        let versions = input.versions.sorted { Packument.precedes($0.version, $1.version) }
        self.versions = versions
        let known = Set(versions.map(\.version))
        var tags = input.distTags.filter { known.contains($0.value) }
        if tags["latest"] == nil, let fallback = Packument.defaultLatest(versions.map(\.version)) { tags["latest"] = fallback }
        distTags = tags.sorted { ($0.key == "latest" ? "" : $0.key) < ($1.key == "latest" ? "" : $1.key) }.map { ($0.key, $0.value) }
        latest = tags["latest"].flatMap { tag in versions.first { $0.version == tag } }
    }

    func full() -> OrderedJSONObject {
        var document = OrderedJSONObject()
        document["_id"] = .string(input.name.fullName)
        document["_rev"] = .string(input.revision)
        document["name"] = .string(input.name.fullName)
        document["dist-tags"] = distTagsObject()
        var versionsObject = OrderedJSONObject()
        var time = OrderedJSONObject([
            ("created", .string(PackumentRenderer.iso8601(input.created))),
            ("modified", .string(PackumentRenderer.iso8601(input.modified))),
        ])
        for version in versions {
            var manifest = manifestBase(version)
            manifest["readme"] = nil
            manifest["readmeFilename"] = nil
            versionsObject[version.version] = .object(manifest)
            time[version.version] = .string(PackumentRenderer.iso8601(version.published))
        }
        document["versions"] = .object(versionsObject)
        document["time"] = .object(time)
        if let latest {
            for field in PackumentRenderer.topLevelFields {
                if let value = latest.manifest.json[field] { document[field] = value }
            }
            if let readme = latest.manifest.readme {
                document["readme"] = .string(readme)
                if let file = latest.manifest.json["readmeFilename"] { document["readmeFilename"] = file }
            }
        }
        return document
    }

    func abbreviated() -> OrderedJSONObject {
        var document = OrderedJSONObject()
        document["name"] = .string(input.name.fullName)
        document["modified"] = .string(PackumentRenderer.iso8601(input.modified))
        document["dist-tags"] = distTagsObject()
        var versionsObject = OrderedJSONObject()
        for version in versions {
            let manifest = manifestBase(version)
            var slim = OrderedJSONObject()
            for field in PackumentRenderer.installFields {
                if let value = manifest[field] { slim[field] = value }
            }
            if slim["hasInstallScript"] == nil, PackumentRenderer.hasInstallScript(manifest) { slim["hasInstallScript"] = .bool(true) }
            slim["dist"] = manifest["dist"]
            versionsObject[version.version] = .object(slim)
        }
        document["versions"] = .object(versionsObject)
        return document
    }

    private func distTagsObject() -> OrderedJSON {
        .object(OrderedJSONObject(distTags.map { ($0.tag, OrderedJSON.string($0.version)) }))
    }

    /// The stored manifest with the server's identity, `dist` and deprecation.
    private func manifestBase(_ version: PackumentVersion) -> OrderedJSONObject {
        var manifest = version.manifest.json
        manifest["name"] = .string(input.name.fullName)
        manifest["version"] = .string(version.version)
        manifest["_id"] = .string("\(input.name.fullName)@\(version.version)")
        var dist = OrderedJSONObject([
            ("integrity", .string(version.integrity)), ("shasum", .string(version.shasum)), ("tarball", .string(version.tarballURL)),
        ])
        for field in ["fileCount", "unpackedSize"] {
            if let value = manifest["dist"]?[field] { dist[field] = value }
        }
        manifest["dist"] = .object(dist)
        manifest["deprecated"] = version.deprecated.flatMap { $0.isEmpty ? nil : OrderedJSON.string($0) }
        return manifest
    }

    /// What the public registry computes for `hasInstallScript`: an install-time lifecycle script.
    static func hasInstallScript(_ manifest: OrderedJSONObject) -> Bool {
        guard let scripts = manifest["scripts"]?.objectValue else { return false }
        return ["preinstall", "install", "postinstall"].contains { scripts[$0] != nil }
    }

    /// `Date.prototype.toISOString`: `2024-05-01T12:00:00.000Z`, in UTC, milliseconds.
    static func iso8601(_ seconds: Double) -> String { Timestamps.iso8601Milliseconds(seconds) }
}

extension Packument {
    /// The version `latest` should name when no tag says so: the highest release, else the
    /// highest pre-release, else (no semver at all) the last in string order.
    public static func defaultLatest(_ versions: [String]) -> String? {
        let parsed = versions.compactMap { text in SemVer.parse(text).map { (text, $0) } }
        if let release = parsed.filter({ !$0.1.isPrerelease }).max(by: { $0.1 < $1.1 }) { return release.0 }
        if let any = parsed.max(by: { $0.1 < $1.1 }) { return any.0 }
        return versions.max()
    }

    /// Semver order where both parse (loosely), semver before non-semver, else string order.
    public static func precedes(_ left: String, _ right: String) -> Bool {
        switch (SemVer.parse(left, loose: true), SemVer.parse(right, loose: true)) {
        case (let l?, let r?): l != r ? l < r : left < right
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): left < right
        }
    }
}
