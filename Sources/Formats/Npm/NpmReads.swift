import EdgeKit
import FoundationEssentials
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
        let forWrite = request.query["write"] == "true"
        let base = target.registryURL(request)
        let form = Packument.form(accept: request.headers["Accept"])
        let answerKey = forWrite ? nil : AnswerKey.of(request, form: form.description, dependsOn: base)
        if let answerKey, let page = try context.rememberedAnswer(answerKey) {
            return BlobDownload.page(page, contentType: form.contentType, for: request)
        }
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        let service = PackageService(services)
        if forWrite {
            // What npm edits and PUTs back (deprecate, unpublish): this repository's own package.
            let view = try service.ownView(target.domain.reference, repository: target.repository, name.coordinate)
            return Response.json(.ok, Packument.render(try packumentInput(name, view, base: base, service), form: .full))
        }
        let requested = try services.packageRepository(target.domain.reference, target.repository, name.coordinate, for: .readFromRepository)
        let key = name.coordinate.key
        let memoKey = "npm/\(requested.id)/\(key.namespace)/\(key.name)/\(form)/\(base)"
        let now = Date().timeIntervalSince1970
        if let page = context.listingMemo.page(memoKey, now: now) {
            if let answerKey { context.rememberAnswer(answerKey, page) }
            return BlobDownload.page(page, contentType: form.contentType, for: request)
        }
        let view = try service.chainView(from: requested, name.coordinate, external: true)
        let external = try NpmExternal.document(view, name, service, context.external)
        guard !view.holders.isEmpty || external != nil else { throw service.notFoundInChain(name.coordinate, view) }
        let externalKey = external.map { "\($0.holder.id).\($0.document.stamp)" } ?? "-"
        let page = try context.renderedPages.page(key: "npm/\(view.stampKey)/\(externalKey)/\(form)/\(base)") {
            var input = try packumentInput(name, view, base: base, service)
            if let external { NpmExternal.add(try NpmExternal.offered(external, name, service, context.external), to: &input, name: name, base: base) }
            return Packument.render(input, form: form)
        }
        if view.connection == nil {
            context.listingMemo.remember(memoKey, page, now: now)
            if let answerKey { context.rememberAnswer(answerKey, page) }
        }
        return BlobDownload.page(page, contentType: form.contentType, for: request)
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
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        let version = try NpmTarball.version(fromFileName: file, package: name)
        let service = PackageService(services)
        let view = try service.chainView(target.domain.reference, repository: target.repository, name.coordinate, external: true)
        let found: PackageVersion
        let asset: Asset
        do {
            (found, asset) = try service.chainAsset(view, version: version, asset: NpmTarball.fileName(name, version: version))
        } catch let error as ServiceError where error.kind == .resourceNotFound {
            guard let ingested = try NpmExternal.ingest(view, name, version: version, service, context.external) else { throw error }
            (found, asset) = ingested
        }
        try found.checkDownloadable(.npm, package: "\(name)")
        return BlobDownload.response(
            asset.blob, delivery: services.blobs.delivery(sha256: asset.blob.sha256), fileName: asset.name,
            contentType: "application/octet-stream", ifNoneMatch: request.headers["If-None-Match"])
    }

    static func distTags<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        let tags = try PackageService(services).distTags(target.domain.reference, repository: target.repository, name.coordinate)
        return NpmResponses.json(.ok, .object(NpmJSONObject(tags.sorted { $0.key < $1.key }.map { ($0.key, NpmJSON.string($0.value)) })))
    }

    /// `npm ping`: the registry answers when the token may read the repository.
    static func ping<Context: PackageProtocolContext>(_ request: Request, _ target: NpmRequest, _ context: Context) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        return NpmResponses.json(.ok, .object(NpmJSONObject()))
    }

    /// The user the token acts as (`npm whoami`), for a token that may read the repository.
    static func whoami<Context: PackageProtocolContext>(_ request: Request, _ target: NpmRequest, _ context: Context) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        return NpmResponses.json(.ok, .object(NpmJSONObject([("username", .string(services.principal.userName))])))
    }
}
