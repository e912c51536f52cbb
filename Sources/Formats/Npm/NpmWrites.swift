import EdgeKit
import FoundationEssentials
import FormatKit
import GranaryCore
import GranaryCrypto
import HTTP

/// The write side: publish, deprecate and unpublish (PUT of the packument), deletes, dist-tags.
enum NpmWrites {
    /// A publish body is read into memory once (base64 tarball and all: npm sends one JSON
    /// document); the tarball is decoded from it in chunks straight into the blob store. So it is
    /// bounded: 256 MiB of body, a tarball of about 190 MB. A declared Content-Length above it is
    /// refused (413) before a byte is read; a chunked body as soon as it passes it (README).
    static let bodyLimit = 256 * 1024 * 1024

    static func put<Context: PackageProtocolContext>(
        _ request: inout Request, _ target: NpmRequest, _ segments: [String], _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments, validation: .newPackage)
        // Authorized before the body is read: publishing needs PublishPackageVersion on the package.
        _ = try services.packageRepository(target.domain.reference, target.repository, name.coordinate, for: .publishPackageVersion)
        let body = try NpmPublishBody(try request.body.readAll(limit: bodyLimit))
        guard body.name.coordinate.key == name.coordinate.key else {
            throw ProtocolFailure(status: .badRequest, message: "The body publishes \(body.name), not \(name).")
        }
        if body.attachments.isEmpty {
            return try NpmPackumentUpdate.apply(body, name, target, services)
        }
        for attachment in body.attachments {
            try publish(attachment, of: body, name, target, services)
        }
        return NpmResponses.ok()
    }

    /// One version: its tarball must match the manifest's `dist.shasum` (and `dist.integrity`
    /// when given), else nothing is stored; its dist-tags are set in the same transaction.
    private static func publish(
        _ attachment: NpmAttachment, of body: NpmPublishBody, _ name: NpmPackageName, _ target: NpmRequest, _ services: ServiceContext
    ) throws {
        guard let manifest = body.manifest(version: attachment.version) else {
            throw ProtocolFailure(status: .badRequest, message: "The body has no manifest for version \(attachment.version).")
        }
        let stored = manifest.sanitizedForStorage()
        let upload = FileUpload(
            coordinate: name.coordinate, version: attachment.version, assetName: NpmTarball.fileName(name, version: attachment.version),
            expectedSHA256: nil, joins: .never,
            inspect: { staged in
                try verify(staged, against: manifest)
                return FileFacts(metadata: manifest.metadata, versionFormatData: String(decoding: stored.serialized(), as: UTF8.self))
            },
            read: body.reader(for: attachment))
        _ = try PackagePublisher(services).publishFile(target.domain.reference, repository: target.repository, upload) { published in
            for (tag, version) in body.distTags where version == attachment.version {
                try services.packages.setDistTag(packageId: published.package.id, tag: tag, version: version)
            }
        }
    }

    /// The tarball is a complete gzip'd tar matching the manifest's `dist.shasum` (and
    /// `dist.integrity` when it is SHA-512), else nothing is stored.
    static func verify(_ staged: StagedBlob, against manifest: NpmManifest) throws {
        try NpmTarballCheck.check(path: staged.path)
        if let shasum = manifest.distShasum?.lowercased(), shasum != staged.record.sha1 {
            throw ServiceError.validation("The tarball's SHA-1 is \(staged.record.sha1), but dist.shasum says \(shasum): the tarball is corrupt.")
        }
        if let integrity = manifest.distIntegrity, integrity.hasPrefix("sha512-"), integrity != NpmReads.integrity(sha512: staged.record.sha512) {
            throw ServiceError.validation("The tarball does not match dist.integrity: the tarball is corrupt.")
        }
    }

    /// `npm unpublish name` (every version): DeletePackage.
    static func deletePackage<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        _ = try PackageService(services).delete(target.domain.reference, repository: target.repository, name.coordinate)
        return NpmResponses.ok()
    }

    /// The last step of `npm unpublish name@version`: the PUT before it removed the version
    /// already, so a version that is gone is success; one still there is deleted now.
    static func deleteTarball<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ file: String, _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        let version = try NpmTarball.version(fromFileName: file, package: name)
        let (_, package) = try PackageService(services).locate(
            target.domain.reference, repository: target.repository, name.coordinate, for: .deletePackageVersions)
        if try services.packages.version(packageId: package.id, version) != nil {
            let outcome = try VersionStatusService(services).delete(
                target.domain.reference, repository: target.repository, name.coordinate, versions: [version], expectedStatus: nil)
            if let failure = outcome.failed[version] { throw ProtocolFailure(status: .conflict, message: failure.message) }
        }
        return NpmResponses.ok()
    }

    static func setDistTag<Context: PackageProtocolContext>(
        _ request: inout Request, _ target: NpmRequest, _ segments: [String], _ tag: String, _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        _ = try services.packageRepository(target.domain.reference, target.repository, name.coordinate, for: .publishPackageVersion)
        try checkTag(tag)
        let body = try request.body.readAll(limit: 64 * 1024)
        guard let version = try NpmError.translating({ try OrderedJSON.parse(body) }).stringValue else {
            throw ProtocolFailure(status: .badRequest, message: "The body must be the version as a JSON string.")
        }
        try PackageService(services).setDistTag(target.domain.reference, repository: target.repository, name.coordinate, tag: tag, version: version)
        return NpmResponses.ok()
    }

    static func removeDistTag<Context: PackageProtocolContext>(
        _ request: Request, _ target: NpmRequest, _ segments: [String], _ tag: String, _ context: Context
    ) throws -> Response {
        let services = try context.services(for: request, domain: target.domain)
        let name = try NpmRequest.name(segments)
        _ = try services.packageRepository(target.domain.reference, target.repository, name.coordinate, for: .publishPackageVersion)
        guard tag != "latest" else { throw ProtocolFailure(status: .badRequest, message: "The latest tag cannot be removed.") }
        guard try PackageService(services).removeDistTag(target.domain.reference, repository: target.repository, name.coordinate, tag: tag) else {
            throw ProtocolFailure(status: .notFound, message: "\(name) has no dist-tag \(tag).")
        }
        return NpmResponses.ok()
    }

    /// Tags are names, not versions (npm refuses a tag that parses as a semver range too).
    static func checkTag(_ tag: String) throws {
        guard !tag.isEmpty, tag.utf8.count <= 255, Names.isPackageToken(tag), (try? SemVer(tag)) == nil else {
            throw ProtocolFailure(status: .badRequest, message: "\(tag) is not a valid dist-tag.")
        }
    }
}
