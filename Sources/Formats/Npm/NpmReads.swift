import EdgeKit
import FoundationEssentials
import FormatKit
import GranaryCore
import GranaryCrypto
import HTTP

/// The read side of the registry: packuments, tarballs, dist-tags, whoami.
enum NpmReads {
    /// Rendered once per change of the package (its listing stamp), form and registry URL, then
    /// served by nginx. `?write=true` (npm's read before deprecate and unpublish) is rendered
    /// fresh, always in full.
    static func packument<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ context: Context
    ) throws -> Response {
        let base = target.registryURL(request)
        guard request.query["write"] != "true" else {
            // What npm edits and PUTs back (deprecate, unpublish): this repository's own package,
            // rendered fresh, always in full.
            let services = try context.services(for: request, domain: target.domain)
            let name = try NpmRequest.name(segments)
            let service = PackageService(services)
            let view = try service.ownView(target.domain.reference, repository: target.repository, name.coordinate)
            return Response.json(.ok, Packument.render(try packumentInput(name, view, base: base, service), form: .full))
        }
        let form = Packument.form(accept: request.headers["Accept"])
        return try ListingPipeline.serve(
            request, context, target.endpoint, form: form.description, contentType: form.contentType, dependsOn: base,
            describe: {
                let name = try NpmRequest.name(segments)
                return (NpmExternal.listed(name), name)
            }
        ) { name, view, external, service in
            var input = try packumentInput(name, view, base: base, service)
            if let external { NpmExternal.add(try NpmExternal.offered(external, name, service, context.external), to: &input, name: name, base: base) }
            return Packument.render(input, form: form)
        }
    }

    /// Published versions of the repository and its upstream chain: Unlisted ones still download
    /// by exact tarball but are not in the packument; Archived, Disposed and Unfinished are neither.
    static func packumentInput(_ name: NpmPackageName, _ view: PackageChainView, base: String, _ service: PackageService) throws -> PackumentInput {
        let listing = try service.chainListing(view)
        let tags = try service.chainDistTags(view)
        var versions: [PackumentVersion] = []
        for version in listing where version.isListed {
            guard let data = version.formatData, let asset = version.assets.first, let manifest = try? NpmManifest.parse(Array(data.utf8))
            else { continue }
            versions.append(PackumentVersion(
                version: version.version, manifest: manifest, tarballURL: base + NpmTarball.path(name, version: version.version),
                shasum: asset.blob.sha1, integrity: integrity(sha512: asset.blob.sha512), published: version.publishedTime,
                deprecated: manifest.deprecated))
        }
        let times = listing.map(\.publishedTime)
        return PackumentInput(
            name: name, distTags: tags, versions: versions, revision: view.stampKey, created: times.min() ?? 0, modified: times.max() ?? 0)
    }

    /// `sha512-<base64>` (Subresource Integrity) from the blob's hex SHA-512.
    static func integrity(sha512 hex: String) -> String {
        "sha512-" + Data(Hex.decode(hex) ?? []).base64EncodedString()
    }

    static func tarball<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ file: String, _ context: Context
    ) throws -> Response {
        try DownloadPipeline.serve(
            request, context, target.endpoint,
            describe: {
                let name = try NpmRequest.name(segments)
                let version = try NpmTarball.version(fromFileName: file, package: name)
                return (RequestedFile(name.coordinate, version: version, file: NpmTarball.fileName(name, version: version)), name)
            },
            ingest: { wanted, name, view, service in
                try NpmExternal.ingest(view, name, version: wanted.version, service, context.external)
            })
    }

    static func distTags<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        let tags = try PackageService(services).distTags(target.domain.reference, repository: target.repository, name.coordinate)
        return NpmResponses.json(.ok, .object(OrderedJSONObject(tags.sorted { $0.key < $1.key }.map { ($0.key, OrderedJSON.string($0.value)) })))
    }

    /// `npm ping`: the registry answers when the token may read the repository.
    static func ping<Context: PackageProtocolContext>(_ request: Request, _ target: NpmRequest, _ context: Context) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        return NpmResponses.json(.ok, .object(OrderedJSONObject()))
    }

    /// The user the token acts as (`npm whoami`), for a token that may read the repository.
    static func whoami<Context: PackageProtocolContext>(_ request: Request, _ target: NpmRequest, _ context: Context) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        return NpmResponses.json(.ok, .object(OrderedJSONObject([("username", .string(services.principal.userName))])))
    }
}
