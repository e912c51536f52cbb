import EdgeKit
import GranaryCore
import HTTP

/// A PyPI repository's external connection: the registry's project page for a package (cached,
/// revalidated, served stale when the registry fails), its files merged into the project page,
/// and a file ingested on its first download.
enum PyPIExternal {
    typealias Found = ExternalIndex.Found

    /// Where the registry keeps the package's page: `{base}{normalized}/`.
    static func listed(_ coordinate: PackageCoordinate) -> ListedPackage {
        ListedPackage(coordinate, externalPath: coordinate.key.name + "/", externalAccept: PyPIUpstreamPage.accept)
    }

    /// The registry's page for the package (see `ExternalIndex.find`).
    static func document(
        _ view: PackageChainView, _ coordinate: PackageCoordinate, _ service: PackageService, _ access: ExternalAccess
    ) throws -> Found? {
        try ExternalIndex.find(view, listed(coordinate), service, access)
    }

    /// The files the registry offers (those with a SHA-256: Granary checks what it ingests).
    static func files(_ found: Found, _ coordinate: PackageCoordinate, _ service: PackageService, _ access: ExternalAccess) throws -> [UpstreamFile] {
        let body = try service.externalBody(access, found.document, holder: found.holder, coordinate)
        return PyPIUpstreamPage.parse(body, pageURL: found.document.url).filter { $0.sha256.map(BlobRecord.isAddress) ?? false }
    }

    /// Files of versions the chain does not have join the page, linked to this repository (their
    /// first download ingests them).
    static func add(_ files: [UpstreamFile], to page: inout ProjectPage, project: String) {
        let known = Set(page.files.map(\.filename))
        let internalVersions = Set(page.files.compactMap { try? DistributionFileName($0.filename).version })
        for file in files where !known.contains(file.filename) {
            guard let name = try? DistributionFileName(file.filename), !internalVersions.contains(name.version) else { continue }
            page.files.append(ProjectFile(
                filename: file.filename, url: PyPIFiles.relativeURL(project: project, version: name.version, file: file.filename),
                sha256: file.sha256!, size: file.size, uploadTime: nil, requiresPython: file.requiresPython, yanked: file.yanked))
            if !file.yanked, !page.versions.contains(name.version) { page.versions.append(name.version) }
        }
    }

    /// The file, fetched from the registry now, checked and stored (see `PyPIUpload.inspect`).
    static func ingest(
        _ view: PackageChainView, _ coordinate: PackageCoordinate, version: String, file: String, _ service: PackageService,
        _ access: ExternalAccess
    ) throws -> (PackageVersion, Asset)? {
        guard let found = try document(view, coordinate, service, access),
            let offered = try files(found, coordinate, service, access).first(where: { $0.filename == file }),
            let name = try? DistributionFileName(file), name.version == version
        else { return nil }
        return try service.ingest(
            access, view: view, coordinate, version: version, fileName: file, url: offered.url, expectedSHA256: offered.sha256
        ) { staged in
            try PyPIUpload.inspect(staged, fileName: file, name: coordinate, version: version, md5: nil)
        }
    }
}
