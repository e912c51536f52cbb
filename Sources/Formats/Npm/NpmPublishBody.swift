import FormatKit

/// The JSON body of `PUT /{package}`: `npm publish` sends the packument of the new version with
/// the tarball base64-encoded in `_attachments`; `npm deprecate`, `npm dist-tag` (old clients) and
/// `npm unpublish` send the whole packument back without `_attachments`.
///
/// The body of a 100 MB tarball is ~133 MB. It is held once, in the caller's `[UInt8]`: parsing
/// records where each attachment's base64 lies instead of decoding it, and `reader(for:)` decodes
/// from there in chunks while the route streams the tarball to the blob store.
public struct NpmPublishBody: Sendable {
    public let name: NpmPackageName
    /// The body without the attachments' `data` strings (and so small).
    public let document: OrderedJSONObject
    /// `versions` in body order.
    public let versions: [NpmManifest]
    public let distTags: [String: String]
    /// Empty for a deprecate or unpublish PUT.
    public let attachments: [NpmAttachment]
    /// `_rev` as the client read it with `?write=true`, if sent.
    public let revision: String?
    private let body: [UInt8]

    /// Parses and checks the body. Names are checked as `validation` says (`.newPackage` for a
    /// publish); each attachment must be named for a semver version in `versions` whose manifest
    /// carries the same name and version, and its declared `length` must match its data.
    /// The array is kept, not copied: do not mutate the caller's copy while readers are in use.
    public init(_ body: [UInt8], validation: NpmPackageName.Validation = .newPackage) throws {
        let (root, spans) = try NpmError.translating {
            try body.withUnsafeBytes { buffer in
                var parser = OrderedJSONParser(buffer, rawStringsAt: Self.attachmentData)
                let root = try parser.parseDocument()
                var spans: [String: RawStringSpan] = [:]
                for (path, span) in parser.rawStrings { spans[path[1]] = span }
                return (root, spans)
            }
        }
        guard case .object(let document) = root else {
            throw NpmError(.invalidDocument, "The request body must be a JSON object (a packument).")
        }
        guard let nameText = document["name"]?.stringValue else {
            throw NpmError(.invalidDocument, "The request body has no package name.")
        }
        let name = try NpmPackageName(nameText, validation: validation)
        guard let versionsObject = document["versions"]?.objectValue else {
            throw NpmError(.invalidDocument, "The request body has no versions.")
        }
        var versions: [NpmManifest] = []
        for (key, value) in versionsObject.entries {
            guard case .object(let manifest) = value else {
                throw NpmError(.invalidDocument, "Version \(key) of \(name) is not a JSON object.")
            }
            versions.append(NpmManifest(manifest))
        }
        var distTags: [String: String] = [:]
        for (tag, value) in document["dist-tags"]?.objectValue?.entries ?? [] {
            guard let version = value.stringValue else {
                throw NpmError(.invalidDocument, "Dist-tag \(tag) of \(name) must name a version.")
            }
            distTags[tag] = version
        }
        self.name = name
        self.document = document
        self.versions = versions
        self.distTags = distTags
        self.attachments = try NpmPublishBody.attachments(
            document["_attachments"]?.objectValue, spans: spans, body: body, name: name, versions: versionsObject)
        self.revision = document["_rev"]?.stringValue
        self.body = body
    }

    /// `_attachments.<file>.data`: left undecoded by the parser, decoded by `reader(for:)`.
    private static let attachmentData: [JSONKeyPattern] = [.key("_attachments"), .anyKey, .key("data")]

    /// The manifest of one version in the body.
    public func manifest(version: String) -> NpmManifest? {
        document["versions"]?[version]?.objectValue.map(NpmManifest.init)
    }

    /// A reader of the attachment's decoded bytes: each call fills as much of the buffer as it
    /// can and returns the count, 0 at the end; throws `NpmError(.invalidBase64)` on bad data.
    public func reader(for attachment: NpmAttachment) -> (UnsafeMutableRawBufferPointer) throws -> Int {
        let decoder = Base64Decoder(body, range: attachment.dataRange)
        return { buffer in try NpmError.translating { try decoder.read(into: buffer) } }
    }

    private static func attachments(
        _ object: OrderedJSONObject?, spans: [String: RawStringSpan], body: [UInt8], name: NpmPackageName,
        versions versionsObject: OrderedJSONObject
    ) throws -> [NpmAttachment] {
        guard let object else { return [] }
        var result: [NpmAttachment] = []
        for (file, value) in object.entries {
            let version = versionsObject.keys.first {
                file == "\(name.fullName)-\($0).tgz" || file == NpmTarball.fileName(name, version: $0)
            }
            guard let version else {
                throw NpmError(
                    .invalidAttachment,
                    "Attachment \"\(file)\" does not match a version in the body; expected \(name.name)-VERSION.tgz.")
            }
            _ = try NpmError.translating { try SemVer(version) }
            let manifest = NpmManifest(versionsObject[version]?.objectValue ?? OrderedJSONObject())
            guard manifest.name == name.fullName, manifest.version == version else {
                throw NpmError(
                    .invalidAttachment,
                    "Version \(version) in the body describes \(manifest.name ?? "no package")@\(manifest.version ?? "no version"), "
                        + "not \(name.fullName)@\(version).")
            }
            guard let span = spans[file] else {
                throw NpmError(.invalidAttachment, "Attachment \"\(file)\" has no data.")
            }
            let decodedLength = try NpmError.translating {
                try Base64Decoder.decodedLength(of: span.range, backslashes: span.backslashes, in: body)
            }
            let declaredLength = value["length"]?.intValue
            if let declaredLength, declaredLength != decodedLength {
                throw NpmError(
                    .invalidAttachment,
                    "Attachment \"\(file)\" declares length \(declaredLength) but its data is \(decodedLength) bytes.")
            }
            result.append(
                NpmAttachment(
                    fileName: file, version: version, contentType: value["content_type"]?.stringValue,
                    declaredLength: declaredLength, decodedLength: decodedLength, dataRange: span.range))
        }
        return result
    }
}

/// One entry of `_attachments`: the tarball of `version`.
public struct NpmAttachment: Sendable, Equatable {
    /// The key as the client sent it: `name-1.0.0.tgz`, or `@scope/name-1.0.0.tgz` from npm itself.
    public let fileName: String
    public let version: String
    public let contentType: String?
    /// `length` as the client declared it.
    public let declaredLength: Int?
    /// The byte count the base64 data decodes to, known before decoding.
    public let decodedLength: Int
    /// Where the base64 text lies in the body.
    let dataRange: Range<Int>
}
