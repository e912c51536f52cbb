import FoundationEssentials

/// External connections: the registry's index document for a package (cached with a TTL,
/// revalidated with ETag / Last-Modified, a missing package cached briefly, the last good answer
/// served when the registry fails), and ingestion of a file on demand: the client gets the file
/// in the request that fetched it, and the version is stored in the repository holding the
/// connection (origin EXTERNAL) and retained in the requested one.
extension PackageService {
    /// The document at `url` for the package, from the cache or the registry. nil when the
    /// registry does not have the package. Throws `UpstreamFailure` only when the registry
    /// cannot be asked and nothing is cached. A fresh cached document comes without its body
    /// (`externalBody` reads it when a listing is rendered).
    public func externalDocument(
        _ access: ExternalAccess, holder: Repository, _ coordinate: PackageCoordinate, url: String, accept: String
    ) throws -> ExternalDocument? {
        let registries = access.registries
        let cached = try access.documents.document(repositoryId: holder.id, coordinate, withBody: false)
        let now = Date().timeIntervalSince1970
        if let cached, cached.url == url, now - cached.checkedAt < (cached.status == 200 ? registries.metadataTTL : registries.negativeTTL) {
            return cached.status == 200 ? cached : nil
        }
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        if let cached, cached.status == 200, cached.url == url {
            if let etag = cached.etag { headers.append(("If-None-Match", etag)) }
            if let modified = cached.lastModified { headers.append(("If-Modified-Since", modified)) }
        }
        if let authorization = try access.authorization(holder: holder, url: url) { headers.append(("Authorization", authorization)) }
        let response: UpstreamResponse
        do {
            response = try registries.client.fetch(
                UpstreamRequest(url: url, headers: headers, timeoutSeconds: registries.metadataTimeout, maxBodyBytes: registries.maxIndexBytes))
        } catch let failure as UpstreamFailure {
            guard let cached, cached.status == 200 else { throw failure }
            return cached  // stale-if-error
        }
        switch response.status {
        case 304 where cached?.status == 200:
            try access.documents.touchDocument(repositoryId: holder.id, coordinate)
            return cached
        case 200:
            try access.documents.saveDocument(
                repositoryId: holder.id, coordinate,
                ExternalDocument(
                    url: url, status: 200, etag: response.headers["etag"], lastModified: response.headers["last-modified"],
                    body: response.body))
            return try access.documents.document(repositoryId: holder.id, coordinate, withBody: true)
        case 404, 410:
            try access.documents.saveDocument(
                repositoryId: holder.id, coordinate, ExternalDocument(url: url, status: 404, etag: nil, lastModified: nil, body: []))
            return nil
        default:
            guard let cached, cached.status == 200 else {
                throw UpstreamFailure("\(url) answered \(response.status).")
            }
            return cached  // stale-if-error
        }
    }

    /// The body of a document `externalDocument` returned.
    public func externalBody(_ access: ExternalAccess, _ document: ExternalDocument, holder: Repository, _ coordinate: PackageCoordinate) throws -> [UInt8] {
        if !document.body.isEmpty { return document.body }
        return try access.documents.document(repositoryId: holder.id, coordinate, withBody: true)?.body ?? []
    }

    /// A file the external registry offers, fetched now: streamed into the blob store (checked
    /// by `inspect` before it is visible), then in one transaction the version (origin EXTERNAL)
    /// in the repository holding the connection, its asset and event, and its retention in the
    /// requested repository. Origin controls: a package of the holder that blocks upstream
    /// versions takes none.
    public func ingest(
        _ access: ExternalAccess, view: PackageChainView, _ coordinate: PackageCoordinate, version: String, fileName: String, url: String,
        expectedSHA256: String?, inspect: (StagedBlob) throws -> FileFacts
    ) throws -> (PackageVersion, Asset) {
        guard let (holder, connection) = view.connection else {
            throw ServiceError.notFound("Version \(version) is not available here.", id: version, type: "package-version")
        }
        guard Names.isPackageToken(version), Names.isPrintable(fileName, length: 1...255) else {
            throw ServiceError.validation("The registry offers a file Granary cannot store: \(fileName).")
        }
        if let package = try context.packages.package(repositoryId: holder.id, coordinate), package.upstream == .block {
            throw ServiceError.notFound(
                "Package \(coordinate.name) in repository \(holder.name) blocks versions from upstream (upstream: BLOCK).", id: version,
                type: "package-version")
        }
        let registries = access.registries
        let headers = try access.authorization(holder: holder, url: url).map { [(name: "Authorization", value: $0)] } ?? []
        var facts = FileFacts()
        var status = 0
        let blob: BlobRecord
        do {
            blob = try context.blobs.store(limit: nil, expectedSHA256: expectedSHA256, inspect: { staged in
                guard status != 404, status != 410 else {
                    throw ServiceError.notFound("The registry has no file \(fileName) in version \(version).", id: fileName, type: "asset")
                }
                guard status == 200 else { throw UpstreamFailure("\(url) answered \(status).") }
                facts = try inspect(staged)
            }) { sink in
                let request = UpstreamRequest(
                    url: url, headers: headers, timeoutSeconds: registries.downloadTimeout, maxBodyBytes: registries.maxFileBytes)
                status = try registries.client.download(request) { chunk in
                    try sink.write(chunk)
                }.status
            }
        } catch BlobStoreError.digestMismatch(let expected, let actual) {
            throw ServiceError.validation("The registry's file \(fileName) has SHA-256 \(actual), not the \(expected) its index announced.")
        }
        return try context.transactions.atomically {
            try context.blobCatalog.record(blob)
            let asset = Asset(name: fileName, blob: blob)
            let stored = try storeExternal(holder, connection, coordinate, version: version, asset: asset, facts: facts)
            guard holder.id != view.requested.id else { return (stored, asset) }
            let source = try context.packages.package(repositoryId: holder.id, coordinate)!
            let retained = try retain(stored, of: source, into: view.requested)
            if try context.packages.asset(versionId: retained.id, name: fileName) == nil {
                try context.packages.insertAsset(versionId: retained.id, name: fileName, sha256: blob.sha256, formatData: facts.assetFormatData)
            }
            return (retained, asset)
        }
    }

    /// In the caller's transaction: the package of the holder (created publish BLOCK, upstream
    /// ALLOW), the version (origin EXTERNAL) or, for one more file of it, the asset; events.
    private func storeExternal(
        _ holder: Repository, _ connection: ExternalConnection, _ coordinate: PackageCoordinate, version: String, asset: Asset, facts: FileFacts
    ) throws -> PackageVersion {
        let package = try packageCreatingIfNeeded(holder, coordinate, publish: .block, upstream: .allow)
        if var existing = try context.packages.version(packageId: package.id, version) {
            guard try context.packages.asset(versionId: existing.id, name: asset.name) == nil else { return existing }
            try context.packages.insertAsset(versionId: existing.id, name: asset.name, sha256: asset.blob.sha256, formatData: facts.assetFormatData)
            existing.revision = Self.newRevision()
            try context.packages.setStatus(versionId: existing.id, existing.status, revision: existing.revision)
            try context.outbox.append(PackageVersionEvent(
                region: context.region, repository: holder, coordinate: package.coordinate, version: version, state: existing.status,
                revision: existing.revision, operation: .updated, changes: .init(assetsAdded: 1)))
            return existing
        }
        let revision = Self.newRevision()
        let id = try context.packages.insertVersion(
            packageId: package.id,
            VersionDraft(
                version: version, status: .published, revision: revision, originType: .external, originRepository: holder.name,
                originExternalConnection: connection.name, metadata: facts.metadata))
        try context.packages.insertAsset(versionId: id, name: asset.name, sha256: asset.blob.sha256, formatData: facts.assetFormatData)
        if let data = facts.versionFormatData { try context.packages.setVersionFormatData(versionId: id, data) }
        try context.outbox.append(PackageVersionEvent(
            region: context.region, repository: holder, coordinate: package.coordinate, version: version, state: .published,
            revision: revision, operation: .created, changes: .init(assetsAdded: 1, metadataUpdated: true, statusChanged: true)))
        guard let created = try context.packages.version(packageId: package.id, version) else { throw ServiceError(.internalServer, "version vanished") }
        return created
    }
}
