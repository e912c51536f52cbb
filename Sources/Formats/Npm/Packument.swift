import Foundation
import FormatKit

/// The package document npm reads at `GET /{package}`, in its two forms: the full packument
/// (`application/json`, what `npm view` and `?write=true` read) and the abbreviated "corgi"
/// (`application/vnd.npm.install-v1+json`, what installs read: only the fields install needs).
public enum Packument {
    /// Its `description` names the form in memo and page keys (spelled out: reflection is slow).
    public enum Form: Sendable, Equatable, CustomStringConvertible {
        case full
        case abbreviated

        public var description: String {
            switch self {
            case .full: "full"
            case .abbreviated: "abbreviated"
            }
        }

        public var contentType: String {
            switch self {
            case .full: "application/json"
            case .abbreviated: Packument.abbreviatedMediaType
            }
        }
    }

    public static let abbreviatedMediaType = "application/vnd.npm.install-v1+json"

    /// Which form an `Accept` header asks for. Abbreviated only when the header names the install
    /// media type with q > 0 and at least the q of JSON; npm 10 sends
    /// `application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*`. No header, `*/*`
    /// or `application/json` get the full form.
    public static func form(accept: String?) -> Form {
        guard let accept else { return .full }
        var install: Double?
        var json: (specificity: Int, q: Double)?
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first, !type.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            let specificity: Int
            switch type {
            case abbreviatedMediaType:
                install = max(install ?? 0, q)
                continue
            case "application/json": specificity = 3
            case "application/*": specificity = 2
            case "*/*": specificity = 1
            default: continue
            }
            if json == nil || specificity > json!.specificity { json = (specificity, q) }
        }
        guard let install, install > 0 else { return .full }
        return install >= (json?.q ?? 0) ? .abbreviated : .full
    }

    /// The document as UTF-8 JSON.
    public static func render(_ input: PackumentInput, form: Form) -> [UInt8] {
        let renderer = PackumentRenderer(input)
        let document = form == .full ? renderer.full() : renderer.abbreviated()
        return OrderedJSON.object(document).serialized()
    }
}

/// One version as the packument shows it: the stored manifest plus what the server knows.
public struct PackumentVersion: Sendable, Equatable {
    public var version: String
    public var manifest: NpmManifest
    /// Absolute URL of the tarball (`dist.tarball`).
    public var tarballURL: String
    /// SHA-1 of the tarball, lower-case hex (`dist.shasum`).
    public var shasum: String
    /// `sha512-` + base64 of the tarball's SHA-512 (`dist.integrity`).
    public var integrity: String
    /// Seconds since 1970.
    public var published: Double
    public var deprecated: String?

    public init(
        version: String, manifest: NpmManifest, tarballURL: String, shasum: String, integrity: String, published: Double,
        deprecated: String? = nil
    ) {
        self.version = version
        self.manifest = manifest
        self.tarballURL = tarballURL
        self.shasum = shasum
        self.integrity = integrity
        self.published = published
        self.deprecated = deprecated
    }
}

/// Everything the renderer needs for one package in one repository.
public struct PackumentInput: Sendable, Equatable {
    public var name: NpmPackageName
    /// Tag → version; tags naming a version not in `versions` are left out, and `latest` is
    /// filled in when missing (see `PackumentRenderer.latest`).
    public var distTags: [String: String]
    public var versions: [PackumentVersion]
    /// `_rev`, which `npm deprecate` / `npm unpublish` echo back.
    public var revision: String
    /// Seconds since 1970.
    public var created: Double
    public var modified: Double

    public init(
        name: NpmPackageName, distTags: [String: String], versions: [PackumentVersion], revision: String, created: Double,
        modified: Double
    ) {
        self.name = name
        self.distTags = distTags
        self.versions = versions
        self.revision = revision
        self.created = created
        self.modified = modified
    }
}
