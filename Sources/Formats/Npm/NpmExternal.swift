import EdgeKit
import FormatKit
import GranaryCore
import HTTP

/// An npm repository's external connection: the registry's packument (cached, revalidated,
/// served stale when the registry fails), its versions merged into the packument, and a tarball
/// ingested on its first download (checked against the registry's `dist.shasum`/`integrity`).
enum NpmExternal {
    typealias Found = ExternalIndex.Found

    /// The registry's full packument (see `ExternalIndex.find`).
    static func document(
        _ view: PackageChainView, _ name: NpmPackageName, _ service: PackageService, _ access: ExternalAccess
    ) throws -> Found? {
        try ExternalIndex.find(view, listed(name), service, access)
    }

    /// Where the registry keeps the packument: `{base}{escaped name}`.
    static func listed(_ name: NpmPackageName) -> ListedPackage {
        ListedPackage(name.coordinate, externalPath: name.escapedFullName, externalAccept: "application/json")
    }

    /// The registry's versions (with a dist.shasum: Granary checks what it ingests) and dist-tags.
    static func offered(
        _ found: Found, _ name: NpmPackageName, _ service: PackageService, _ access: ExternalAccess
    ) throws -> (versions: [String: NpmManifest], tags: [String: String]) {
        let body = try service.externalBody(access, found.document, holder: found.holder, name.coordinate)
        guard let document = (try? OrderedJSON.parse(body))?.objectValue else { return ([:], [:]) }
        var versions: [String: NpmManifest] = [:]
        for (version, value) in document["versions"]?.objectValue?.entries ?? [] {
            guard let manifest = value.objectValue.map(NpmManifest.init), manifest.distShasum != nil,
                manifest.json["dist"]?["tarball"]?.stringValue != nil, SemVer.parse(version) != nil
            else { continue }
            versions[version] = manifest
        }
        var tags: [String: String] = [:]
        for (tag, value) in document["dist-tags"]?.objectValue?.entries ?? [] {
            if let version = value.stringValue { tags[tag] = version }
        }
        return (versions, tags)
    }

    /// The registry's versions the chain does not have join the packument; its tags fill in the
    /// tags the chain does not set.
    static func add(
        _ offered: (versions: [String: NpmManifest], tags: [String: String]), to input: inout PackumentInput, name: NpmPackageName,
        base: String
    ) {
        let known = Set(input.versions.map(\.version))
        for (version, manifest) in offered.versions where !known.contains(version) {
            input.versions.append(PackumentVersion(
                version: version, manifest: manifest, tarballURL: base + NpmTarball.path(name, version: version),
                shasum: manifest.distShasum ?? "", integrity: manifest.distIntegrity ?? "", published: 0, deprecated: manifest.deprecated))
        }
        for (tag, version) in offered.tags where input.distTags[tag] == nil { input.distTags[tag] = version }
    }

    /// The tarball, fetched from the registry now, checked and stored with the registry's manifest.
    static func ingest(
        _ view: PackageChainView, _ name: NpmPackageName, version: String, _ service: PackageService, _ access: ExternalAccess
    ) throws -> (PackageVersion, Asset)? {
        guard let found = try document(view, name, service, access),
            let manifest = try offered(found, name, service, access).versions[version],
            let url = manifest.json["dist"]?["tarball"]?.stringValue
        else { return nil }
        let stored = manifest.sanitizedForStorage()
        return try service.ingest(
            access, view: view, name.coordinate, version: version, fileName: NpmTarball.fileName(name, version: version), url: url,
            expectedSHA256: nil
        ) { staged in
            try NpmWrites.verify(staged, against: manifest)
            return FileFacts(metadata: manifest.metadata, versionFormatData: String(decoding: stored.serialized(), as: UTF8.self))
        }
    }
}
