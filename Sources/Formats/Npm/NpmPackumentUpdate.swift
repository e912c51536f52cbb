import EdgeKit
import GranaryCore
import HTTP

/// A PUT of the packument without attachments: how `npm deprecate` and `npm unpublish
/// name@version` change a package. The body is the document npm read with `?write=true`, edited:
/// versions it no longer lists are deleted (DeletePackageVersions), versions whose `deprecated`
/// changed are updated (PublishPackageVersion), and its dist-tags replace the package's.
enum NpmPackumentUpdate {
    static func apply(_ body: NpmPublishBody, _ name: NpmPackageName, _ target: NpmRequest, _ services: ServiceContext) throws -> Response {
        let service = PackageService(services)
        let reference = target.domain.reference
        let listing: [ListedVersion]
        let tags: [String: String]
        do {
            (_, listing, tags) = try service.listing(reference, repository: target.repository, name.coordinate)
        } catch let error as ServiceError where error.kind == .resourceNotFound {
            throw ProtocolFailure(status: .badRequest, message: "The body has no _attachments: there is no tarball to publish.")
        }
        let sent = Dictionary(body.versions.compactMap { manifest in manifest.version.map { ($0, manifest) } }) { first, _ in first }
        let known = Set(listing.map(\.version))
        if let new = sent.keys.sorted().first(where: { !known.contains($0) }) {
            throw ProtocolFailure(status: .badRequest, message: "Version \(new) has no tarball in _attachments.")
        }
        var removed: [String] = []
        for version in listing where version.isListed {
            guard let edited = sent[version.version] else {
                removed.append(version.version)
                continue
            }
            guard let data = version.formatData, var stored = try? NpmManifest.parse(Array(data.utf8)) else { continue }
            let wanted = edited.deprecated.flatMap { $0.isEmpty ? nil : $0 }
            if stored.deprecated != wanted {
                stored.deprecated = wanted
                try service.updateFormatData(
                    reference, repository: target.repository, name.coordinate, version: version.version,
                    data: String(decoding: stored.serialized(), as: UTF8.self))
            }
        }
        if !removed.isEmpty {
            let outcome = try VersionStatusService(services).delete(
                reference, repository: target.repository, name.coordinate, versions: removed, expectedStatus: nil)
            if let failure = outcome.failed.values.first { throw ProtocolFailure(status: .conflict, message: failure.message) }
        }
        let remaining = known.subtracting(removed)
        for (tag, version) in body.distTags where tags[tag] != version && remaining.contains(version) {
            try service.setDistTag(reference, repository: target.repository, name.coordinate, tag: tag, version: version)
        }
        for tag in tags.keys where body.distTags[tag] == nil && tag != "latest" {
            _ = try service.removeDistTag(reference, repository: target.repository, name.coordinate, tag: tag)
        }
        return NpmResponses.ok()
    }
}
