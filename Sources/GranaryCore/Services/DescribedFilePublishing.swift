/// A file that names its own package and version inside it (a .nupkg's .nuspec): what the
/// format read from the staged file.
public struct DescribedFile {
    public let coordinate: PackageCoordinate
    public let version: String
    public let assetName: String
    public let joins: VersionJoining
    /// The file only joins a version that exists (a symbol package joins its .nupkg's version).
    public let joinsExistingOnly: Bool
    public let facts: FileFacts

    public init(
        coordinate: PackageCoordinate, version: String, assetName: String, joins: VersionJoining, joinsExistingOnly: Bool = false,
        facts: FileFacts
    ) {
        self.coordinate = coordinate
        self.version = version
        self.assetName = assetName
        self.joins = joins
        self.joinsExistingOnly = joinsExistingOnly
        self.facts = facts
    }
}

extension PackagePublisher {
    /// Publishing a file whose package is known only once its bytes are read (NuGet's push).
    /// The caller has authorized `authorizeAnyPackage(.publishPackageVersion, …)` before the body;
    /// the file streams into the blob store, `describe` reads the staged file, and then, before
    /// anything is visible, PublishPackageVersion is authorized on the package it names and the
    /// same checks as `publishFile` run (origin controls, package groups, the version's files).
    /// Whatever `describe` or those checks refuse leaves nothing stored.
    public func publishDescribedFile(
        _ reference: DomainReference, repository name: String, limit: Int? = nil,
        read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int, describe: @escaping (StagedBlob) throws -> DescribedFile,
        inTransaction: (PublishedFile) throws -> Void = { _ in }
    ) throws -> PublishedFile {
        var found: (Repository, FileUpload, FileFacts)?
        let blob: BlobRecord
        do {
            blob = try context.blobs.store(
                limit: limit, expectedSHA256: nil,
                inspect: { staged in
                    let described = try describe(staged)
                    guard Names.isPackageToken(described.version) else {
                        throw ServiceError.validation("version must be 1-255 characters without '#', '/' or white space.")
                    }
                    let repository = try context.packageRepository(reference, name, described.coordinate, for: .publishPackageVersion)
                    let upload = FileUpload(
                        coordinate: described.coordinate, version: described.version, assetName: described.assetName, expectedSHA256: nil,
                        joins: described.joins, inspect: { _ in described.facts }, read: { _ in 0 })
                    try preflightFile(repository, upload)
                    if described.joinsExistingOnly {
                        let existing = try context.packages.package(repositoryId: repository.id, described.coordinate)
                            .flatMap { try context.packages.version(packageId: $0.id, described.version) }
                        guard existing != nil else {
                            throw ServiceError.notFound(
                                "\(described.assetName) belongs to version \(described.version) of \(described.coordinate.name), which repository \(name) does not have.",
                                id: described.version, type: "package-version")
                        }
                    }
                    found = (repository, upload, described.facts)
                }, read: read)
        } catch BlobStoreError.tooLarge(let limit) {
            throw ServiceError.validation("The file is larger than \(limit) bytes.")
        }
        guard let (repository, upload, facts) = found else { throw ServiceError.validation("The file was not read.") }
        return try record(blob, repository, upload, facts, inTransaction: inTransaction)
    }
}
