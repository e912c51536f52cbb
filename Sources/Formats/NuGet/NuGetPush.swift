import EdgeKit
import FormatKit
import GranaryCore
import HTTP

/// PackagePublish/2.0.0 as `dotnet nuget push`, `nuget push` and NuGet's documentation send it:
///
/// - `PUT v3/package`, a multipart/form-data body whose one file part is the .nupkg. Before a
///   byte of it is read, the caller must hold ReadFromRepository on the repository and could
///   publish some NuGet package there (CodeArtifact's rule: PublishPackageVersion and
///   ReadFromRepository). The file streams into the blob store; its .nuspec is read on the
///   staged file (bounded), and PublishPackageVersion is authorized on the package it names
///   before anything is visible. The same bytes pushed again succeed (200); other bytes for a
///   version that exists are a 409; a package that fails its checks leaves nothing stored.
/// - `DELETE v3/package/{id}/{version}`: unlists (the version stays downloadable by exact
///   version and is no longer listed: NuGet's meaning, Granary's Unlisted status);
///   `POST v3/package/{id}/{version}`: relists. Both need UpdatePackageVersionsStatus.
///
/// The token comes as Basic `aws:TOKEN` (nuget.config credentials) or as the API key header.
enum NuGetPush {
    /// The largest .nupkg accepted: nuget.org's limit is 250 MB.
    static let packageLimit = 250 * 1024 * 1024

    static func push<Context: PackageProtocolContext>(_ request: inout Request, _ context: Context, symbols: Bool = false) throws -> Response {
        let target = try NuGetRequest.endpoint(request)
        let services = try NuGetRequest.services(request, context, target)
        _ = try services.repositorySummary(target.domain.reference, target.repository, for: .readFromRepository)
        try services.authorizeAnyPackage(.publishPackageVersion, target.domain.reference, repository: target.repository, format: .nuget)
        let body = request.body
        let form: MultipartReader
        do {
            form = try MultipartReader(contentType: request.headers["Content-Type"] ?? "", read: { try body.read(into: $0) })
        } catch {
            throw ProtocolFailure(status: .badRequest, message: "The push must be multipart/form-data with the package as its file: \(error)")
        }
        while let part = try parsing({ try form.nextPart() }) {
            guard part.filename != nil else { continue }
            let published = try publish(form, symbols: symbols, target, services)
            return .text(published.changed ? .created : .ok, "")
        }
        throw ProtocolFailure(status: .badRequest, message: "The push has no package file.")
    }

    private static func publish(_ form: MultipartReader, symbols: Bool, _ target: RepositoryEndpoint, _ services: ServiceContext) throws -> PublishedFile {
        try PackagePublisher(services).publishDescribedFile(
            target.domain.reference, repository: target.repository, limit: packageLimit,
            read: { buffer in try parsing { try form.read(into: buffer) } },
            describe: { staged in try describe(staged, symbols: symbols) })
    }

    /// The package the staged file is: its .nuspec names id and version (the stored version is
    /// NuGet's normalized one); a symbol package joins the version its .nupkg made.
    static func describe(_ staged: StagedBlob, symbols: Bool) throws -> DescribedFile {
        let contents: NuGetPackageArchive.Contents
        do {
            contents = try NuGetPackageArchive.read(try FileByteSource(path: staged.path))
        } catch let error as NuGetError {
            throw ServiceError.validation(error.message)
        }
        let spec = contents.nuspec
        let coordinate = try PackageService.coordinate(format: PackageFormat.nuget.rawValue, namespace: nil, name: spec.id)
        let version = spec.version.key
        let file = NuGetFiles.packageFileName(id: spec.id, version: version, symbols: symbols)
        if symbols {
            guard spec.packageTypes.contains(where: { $0.lowercased() == "symbolspackage" }) else {
                throw ServiceError.validation("A symbol package (.snupkg) must have the package type SymbolsPackage in its .nuspec.")
            }
            return DescribedFile(
                coordinate: coordinate, version: version, assetName: file, joins: .always, joinsExistingOnly: true, facts: FileFacts())
        }
        let data = NuGetVersionData(spec, nuspecBytes: contents.nuspecBytes)
        return DescribedFile(
            coordinate: coordinate, version: version, assetName: file, joins: .whileUnfinished,
            facts: FileFacts(metadata: data.versionMetadata(readme: contents.readme), versionFormatData: data.encoded))
    }

    /// DELETE (unlist) and POST (relist) of `v3/package/{id}/{version}`.
    static func setListed<Context: PackageProtocolContext>(
        _ request: Request, _ context: Context, id: String, version: String, listed: Bool
    ) throws -> Response {
        let target = try NuGetRequest.endpoint(request)
        let services = try NuGetRequest.services(request, context, target)
        let coordinate = try NuGetRequest.coordinate(id)
        _ = try services.packageRepository(target.domain.reference, target.repository, coordinate, for: .updatePackageVersionsStatus)
        let normalized = try NuGetRequest.version(version)
        let outcome = try VersionStatusService(services).updateStatus(
            target.domain.reference, repository: target.repository, coordinate,
            selection: try .init(versions: [normalized], revisions: nil), expectedStatus: nil, target: listed ? .published : .unlisted)
        if let failure = outcome.failed[normalized], failure.code != .skipped {
            throw ProtocolFailure(status: failure.code == .notFound ? .notFound : .conflict, message: failure.message)
        }
        return .text(.ok, "")
    }

    private static func parsing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MultipartError {
            throw ProtocolFailure(status: .badRequest, message: "Malformed multipart body: \(error)")
        }
    }
}
