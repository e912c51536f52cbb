import FoundationEssentials

extension SimpleIndex {
    /// The PEP 691 project page with the PEP 700 additions (`versions`, `size`, `upload-time`).
    /// `name` is the normalized name, as PEP 691 requires; versions are sorted by PEP 440.
    public static func projectJSON(_ page: ProjectPage) -> [UInt8] {
        let body = ProjectBody(
            meta: Meta(), name: normalizedName(page.name), versions: PEP440Version.sorted(Set(page.versions)),
            files: page.files.map(FileBody.init)
        )
        return encode(body)
    }

    /// The PEP 691 root index: `{"meta": …, "projects": [{"name": …}]}`, sorted by normalized name.
    public static func rootJSON(projects: [String]) -> [UInt8] {
        let sorted = projects.sorted { normalizedName($0) < normalizedName($1) }
        return encode(RootBody(meta: Meta(), projects: sorted.map { RootBody.Project(name: $0) }))
    }

    /// Strings, integers and booleans always encode, so a failure here is a programming error.
    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(value))
        } catch {
            preconditionFailure("encoding a simple index page failed: \(error)")
        }
    }

    // MARK: - Wire shapes

    private struct Meta: Encodable {
        let apiVersion = SimpleIndex.apiVersion
        enum CodingKeys: String, CodingKey { case apiVersion = "api-version" }
    }

    private struct RootBody: Encodable {
        struct Project: Encodable { let name: String }
        let meta: Meta
        let projects: [Project]
    }

    private struct ProjectBody: Encodable {
        let meta: Meta
        let name: String
        let versions: [String]
        let files: [FileBody]
    }

    /// `false` or `{"sha256": …}` (core-metadata); `false`, `true` or the reason (yanked).
    private enum FlagOrValue: Encodable {
        case flag(Bool)
        case hashes([String: String])
        case text(String)

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .flag(let flag): try container.encode(flag)
            case .hashes(let hashes): try container.encode(hashes)
            case .text(let text): try container.encode(text)
            }
        }
    }

    private struct FileBody: Encodable {
        let filename: String
        let url: String
        let hashes: [String: String]
        let requiresPython: String?
        let coreMetadata: FlagOrValue
        let distInfoMetadata: FlagOrValue
        let yanked: FlagOrValue
        let size: Int?
        let uploadTime: String?

        enum CodingKeys: String, CodingKey {
            case filename, url, hashes, size, yanked
            case requiresPython = "requires-python"
            case coreMetadata = "core-metadata"
            case distInfoMetadata = "dist-info-metadata"
            case uploadTime = "upload-time"
        }

        init(_ file: ProjectFile) {
            filename = file.filename
            url = SimpleIndex.encodeURLPath(file.url)
            hashes = ["sha256": file.sha256]
            requiresPython = file.requiresPython
            coreMetadata = file.coreMetadataSHA256.map { .hashes(["sha256": $0]) } ?? .flag(false)
            distInfoMetadata = coreMetadata
            if !file.yanked {
                yanked = .flag(false)
            } else if let reason = file.yankedReason, !reason.isEmpty {
                yanked = .text(reason)
            } else {
                yanked = .flag(true)
            }
            size = file.size
            uploadTime = file.uploadTime.map(SimpleIndex.iso8601)
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(filename, forKey: .filename)
            try container.encode(url, forKey: .url)
            try container.encode(hashes, forKey: .hashes)
            try container.encodeIfPresent(requiresPython, forKey: .requiresPython)
            try container.encode(coreMetadata, forKey: .coreMetadata)
            try container.encode(distInfoMetadata, forKey: .distInfoMetadata)
            try container.encode(yanked, forKey: .yanked)
            try container.encodeIfPresent(size, forKey: .size)
            try container.encodeIfPresent(uploadTime, forKey: .uploadTime)
        }
    }
}
