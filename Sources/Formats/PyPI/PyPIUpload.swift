import EdgeKit
import FormatKit
import GranaryCore
import GranaryCrypto
import HTTP

/// twine's upload: a multipart form POSTed at the repository endpoint, metadata fields first and
/// the file (`content`) last. Nothing of the body is read before the token is checked and the
/// caller could publish some package in the repository (the path names the repository, not the
/// package: a read-only token is refused here). The small fields come next, within `fieldsLimit`
/// in all; PublishPackageVersion is authorized on the package as soon as its `name` field is read,
/// before any other field or byte of the file. The file then streams into the blob store, where
/// its core metadata is read from the staged archive: a file that is not a valid distribution is
/// refused and nothing is stored.
enum PyPIUpload {
    /// The form's fields other than files, together (names and values): twine's metadata, a long
    /// README as `description` included, stays far below it.
    static let fieldsLimit = 1024 * 1024
    /// What each field costs besides its name and value, so a flood of empty fields is bounded too.
    static let fieldOverhead = 64

    static func upload<Context: PackageProtocolContext>(_ request: inout Request, _ context: Context) throws -> Response {
        let target = try PyPIRequest.endpoint(request)
        let services = try context.services(for: request, domain: target.domain)
        try services.authorizeAnyPackage(.publishPackageVersion, target.domain.reference, repository: target.repository, format: .pypi)
        let body = request.body
        let form: MultipartReader
        do {
            form = try MultipartReader(contentType: request.headers["Content-Type"] ?? "", read: { try body.read(into: $0) })
        } catch {
            throw ProtocolFailure(status: .badRequest, message: "The upload must be multipart/form-data: \(error)")
        }
        var fields: [String: [String]] = [:]
        var fieldBytes = 0
        var published: PublishedFile?
        while let part = try parsing({ try form.nextPart() }) {
            if let fileName = part.filename, part.name == "content" {
                published = try publish(fileName: fileName, fields: fields, form: form, target, services)
            } else if part.filename == nil {
                fieldBytes += part.name.utf8.count + fieldOverhead
                let value = try readField(part.name, form, budget: fieldsLimit - fieldBytes)
                fieldBytes += value.utf8.count
                if part.name == "name", fields["name"] == nil {
                    _ = try services.packageRepository(
                        target.domain.reference, target.repository, try PyPIRequest.coordinate(value), for: .publishPackageVersion)
                }
                fields[part.name, default: []].append(value)
            }
        }
        guard let published else {
            throw ProtocolFailure(status: .badRequest, message: "The upload has no file (form field 'content').")
        }
        let verb = published.changed ? "Stored" : "Already stored (identical)"
        return .text(.ok, "\(verb): \(published.asset.name)\n")
    }

    /// One field's value, within what is left of `fieldsLimit`: 413 past it.
    private static func readField(_ name: String, _ form: MultipartReader, budget: Int) throws -> String {
        let tooLarge = ProtocolFailure(
            status: .payloadTooLarge,
            message: "The form's fields are larger than \(fieldsLimit) bytes in all (at field '\(name.prefix(100))'); only the file may be larger.")
        guard budget >= 0 else { throw tooLarge }
        do {
            return try form.readText(limit: budget)
        } catch let error as MultipartError where error.kind == .tooLarge {
            throw tooLarge
        } catch let error as MultipartError {
            throw ProtocolFailure(status: .badRequest, message: "Malformed multipart body: \(error)")
        }
    }

    private static func publish(
        fileName: String, fields: [String: [String]], form: MultipartReader, _ target: RepositoryEndpoint, _ services: ServiceContext
    ) throws -> PublishedFile {
        let action = fields[":action"]?.first
        guard action == nil || action == "file_upload" else {
            throw ProtocolFailure(status: .badRequest, message: "Unsupported :action \(action ?? ""): only file_upload is.")
        }
        guard let name = fields["name"]?.first, !name.isEmpty, let version = fields["version"]?.first, !version.isEmpty else {
            throw ProtocolFailure(status: .badRequest, message: "The fields 'name' and 'version' must come before the file.")
        }
        let distribution: DistributionFileName
        do {
            distribution = try DistributionFileName(fileName)
        } catch {
            throw ProtocolFailure(status: .badRequest, message: "\(fileName) is not a wheel or sdist file name: \(error)")
        }
        let coordinate = try PyPIRequest.coordinate(name)
        guard PackageCoordinate(format: .pypi, namespace: nil, name: distribution.name).key.name == coordinate.key.name else {
            throw ProtocolFailure(status: .badRequest, message: "The file \(fileName) is not a distribution of \(name).")
        }
        let sha256 = fields["sha256_digest"]?.first?.lowercased()
        if let sha256, !BlobRecord.isAddress(sha256) {
            throw ProtocolFailure(status: .badRequest, message: "sha256_digest must be 64 hex digits.")
        }
        let md5 = fields["md5_digest"]?.first?.lowercased()
        let upload = FileUpload(
            coordinate: coordinate, version: version, assetName: fileName, expectedSHA256: sha256, joins: .always,
            inspect: { staged in try inspect(staged, fileName: fileName, name: coordinate, version: version, md5: md5) },
            read: { buffer in try parsing { try form.read(into: buffer) } })
        return try PackagePublisher(services).publishFile(target.domain.reference, repository: target.repository, upload)
    }

    /// The staged file must be the distribution the form (or the registry's index) says: its core metadata names the same
    /// project and version, and its MD5 matches when twine sent one.
    static func inspect(_ staged: StagedBlob, fileName: String, name: PackageCoordinate, version: String, md5: String?) throws -> FileFacts {
        if let md5, !md5.isEmpty, md5 != staged.record.md5 {
            throw ServiceError.validation("The file's MD5 is \(staged.record.md5), not md5_digest (\(md5)).")
        }
        let bytes: [UInt8]
        let metadata: CoreMetadata
        do {
            bytes = try DistributionArchive.coreMetadata(fileName: fileName, source: try FileByteSource(path: staged.path))
            metadata = try CoreMetadata.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ServiceError.validation("\(fileName) is not a valid distribution: \(error)")
        }
        guard PackageCoordinate(format: .pypi, namespace: nil, name: metadata.name).key.name == name.key.name else {
            throw ServiceError.validation("\(fileName) contains \(metadata.name), not \(name.name).")
        }
        guard PEP440Version(metadata.version) == PEP440Version(version) else {
            throw ServiceError.validation("\(fileName) contains version \(metadata.version), not \(version).")
        }
        let data = PyPIFileData(
            requiresPython: metadata.requiresPython, coreMetadata: String(decoding: bytes, as: UTF8.self),
            coreMetadataSHA256: Hex.encode(Digest.hash(.sha256, bytes)))
        return FileFacts(metadata: metadata.versionMetadata, assetFormatData: data.encoded)
    }

    /// Multipart errors are the client's: 400 with the parser's message.
    private static func parsing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MultipartError {
            throw ProtocolFailure(status: .badRequest, message: "Malformed multipart body: \(error)")
        }
    }
}
