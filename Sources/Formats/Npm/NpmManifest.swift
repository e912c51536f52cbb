import FormatKit
import GranaryCore

/// One version's manifest: the package.json `npm publish` sends in `versions`, with the fields
/// npm adds (`_id`, `readme`, `dist`, …). Kept as JSON because the registry must hand it back
/// with every field the client wrote; the typed views below are what Granary itself reads.
public struct NpmManifest: Sendable, Equatable {
    public var json: OrderedJSONObject

    /// CodeArtifact's npm dependency types (PackageDependency.dependencyType), by manifest field.
    public static let dependencyFields: [(field: String, type: String)] = [
        ("dependencies", "regular"), ("devDependencies", "dev"), ("peerDependencies", "peer"),
        ("optionalDependencies", "optional"),
    ]

    /// What npm writes as `readme` when a package has none.
    static let missingReadme = "ERROR: No README data found!"

    public init(_ json: OrderedJSONObject) {
        self.json = json
    }

    public var name: String? { json["name"]?.stringValue }
    public var version: String? { json["version"]?.stringValue }

    /// The deprecation message; `npm deprecate pkg@v ""` un-deprecates by sending an empty string,
    /// so an empty message reads as nil. Setting nil or "" removes the field.
    public var deprecated: String? {
        get {
            guard let text = json["deprecated"]?.stringValue, !text.isEmpty else { return nil }
            return text
        }
        set { json["deprecated"] = newValue.flatMap { $0.isEmpty ? nil : OrderedJSON.string($0) } }
    }

    /// `dist.shasum` / `dist.integrity` as the client computed them, to compare with the server's.
    public var distShasum: String? { json["dist"]?["shasum"]?.stringValue }
    public var distIntegrity: String? { json["dist"]?["integrity"]?.stringValue }

    /// The CodeArtifact view of the manifest.
    public var metadata: VersionMetadata {
        VersionMetadata(
            displayName: name, summary: json["description"]?.stringValue, homePage: json["homepage"]?.stringValue,
            sourceCodeRepository: repository, licenses: licenses, readme: readme, dependencies: dependencies)
    }

    /// `repository` as a string, or its `url` when it is an object.
    public var repository: String? {
        switch json["repository"] {
        case .string(let text): text
        case .object(let object): object["url"]?.stringValue
        default: nil
        }
    }

    /// From `license` (an SPDX string, or the old `{type, url}` object) or the legacy `licenses` array.
    public var licenses: [License] {
        func license(_ value: OrderedJSON) -> License? {
            switch value {
            case .string(let text): License(name: text, url: nil)
            case .object(let object) where object["type"]?.stringValue != nil || object["url"]?.stringValue != nil:
                License(name: object["type"]?.stringValue, url: object["url"]?.stringValue)
            default: nil
            }
        }
        if let single = json["license"], let found = license(single) { return [found] }
        return json["licenses"]?.arrayValue?.compactMap(license) ?? []
    }

    public var readme: String? {
        guard let text = json["readme"]?.stringValue, !text.isEmpty, text != NpmManifest.missingReadme else { return nil }
        return text
    }

    /// Each entry of the dependency maps, with the scope split off into `namespace`. A name listed
    /// in both `dependencies` and `optionalDependencies` counts once, as optional (npm's rule);
    /// `bundleDependencies` names not listed elsewhere count as regular, without a range.
    public var dependencies: [Dependency] {
        let optional = Set(json["optionalDependencies"]?.objectValue?.keys ?? [])
        var seen = Set<String>()
        var result: [Dependency] = []
        for (field, type) in NpmManifest.dependencyFields {
            guard let map = json[field]?.objectValue else { continue }
            for (name, range) in map.entries {
                if type == "regular" && optional.contains(name) { continue }
                seen.insert(name)
                result.append(NpmManifest.dependency(name, type: type, range: range.stringValue))
            }
        }
        let bundled = (json["bundleDependencies"] ?? json["bundledDependencies"])?.arrayValue ?? []
        for name in bundled.compactMap(\.stringValue) where !seen.contains(name) {
            seen.insert(name)
            result.append(NpmManifest.dependency(name, type: "regular", range: nil))
        }
        return result
    }

    private static func dependency(_ name: String, type: String, range: String?) -> Dependency {
        var scope: String?
        var package = name
        if name.hasPrefix("@"), let slash = name.firstIndex(of: "/") {
            scope = String(name[name.index(after: name.startIndex)..<slash])
            package = String(name[name.index(after: slash)...])
        }
        return Dependency(namespace: scope, package: package, dependencyType: type, versionRequirement: range)
    }

    /// The manifest as Granary stores it: fields only the registry may set are dropped
    /// (`_attachments`, `_rev`, `_npmUser`), `_id` is `name@version`, an empty or placeholder
    /// readme goes; `dist` stays (the packument renderer overwrites `tarball`, `shasum`, `integrity`).
    public func sanitizedForStorage() -> NpmManifest {
        var copy = json
        for key in ["_attachments", "_rev", "_npmUser"] { copy[key] = nil }
        if let name, let version { copy["_id"] = .string("\(name)@\(version)") }
        if readme == nil { copy["readme"] = nil }
        var manifest = NpmManifest(copy)
        manifest.deprecated = deprecated
        return manifest
    }

    /// Compact JSON for storage.
    public func serialized() -> [UInt8] { OrderedJSON.object(json).serialized() }

    /// Reads back a stored manifest.
    public static func parse(_ bytes: [UInt8]) throws -> NpmManifest {
        guard case .object(let object) = try NpmError.translating({ try OrderedJSON.parse(bytes) }) else {
            throw NpmError(.invalidDocument, "A package manifest must be a JSON object.")
        }
        return NpmManifest(object)
    }
}
