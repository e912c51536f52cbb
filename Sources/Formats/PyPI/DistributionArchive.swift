import FormatKit

/// Finds the core metadata file inside an uploaded distribution: `{name}-{ver}.dist-info/METADATA`
/// in a wheel, `{top}/PKG-INFO` in an sdist (`.tar.gz` or `.zip`). This file is what PEP 658
/// serves as `{file}.metadata` and what the version's description and dependencies come from.
///
/// Every failure caused by the upload is a `PyPIError` whose message twine can print as is;
/// `ByteSourceError` (the server's own file) passes through unchanged.
public enum DistributionArchive {
    public struct Limits: Sendable {
        /// Largest METADATA / PKG-INFO accepted (long READMEs live there).
        public var metadataBytes: Int
        /// Largest zip central directory read into memory.
        public var centralDirectoryBytes: Int
        /// Most bytes decompressed while looking through a tar.gz for PKG-INFO.
        public var tarBytes: Int

        public init(metadataBytes: Int = 16 << 20, centralDirectoryBytes: Int = 64 << 20, tarBytes: Int = 2 << 30) {
            self.metadataBytes = metadataBytes
            self.centralDirectoryBytes = centralDirectoryBytes
            self.tarBytes = tarBytes
        }
    }

    /// The raw bytes of the core metadata file of the distribution named `fileName`.
    public static func coreMetadata(fileName: String, source: ByteSource, limits: Limits = Limits()) throws -> [UInt8] {
        let parsed = try DistributionFileName(fileName)
        switch parsed.packageType {
        case .wheel:
            return try wheelMetadata(source, limits: limits)
        case .sdist where fileName.hasSuffix(".zip"):
            return try zipSdistMetadata(source, limits: limits)
        case .sdist:
            return try tarSdistMetadata(source, limits: limits)
        }
    }

    // MARK: - Wheels

    private static func wheelMetadata(_ source: ByteSource, limits: Limits) throws -> [UInt8] {
        let what = "The wheel is not a valid zip archive"
        let archive = try translating(what, limits: limits) {
            try ZipArchive(source: source, maxCentralDirectorySize: limits.centralDirectoryBytes)
        }
        var distInfo: [String] = []
        for entry in archive.entries {
            guard let slash = entry.path.firstIndex(of: "/") else { continue }
            let top = String(entry.path[..<slash])
            if top.hasSuffix(".dist-info"), !distInfo.contains(top) { distInfo.append(top) }
        }
        guard !distInfo.isEmpty else { throw PyPIError(.invalidArchive, "The wheel has no .dist-info directory") }
        guard distInfo.count == 1 else {
            throw PyPIError(.invalidArchive, "The wheel has more than one .dist-info directory: \(distInfo.sorted().joined(separator: ", "))")
        }
        guard let entry = archive.entry(named: distInfo[0] + "/METADATA") else {
            throw PyPIError(.invalidArchive, "The wheel has no \(distInfo[0])/METADATA file")
        }
        return try translating(what, limits: limits) { try archive.extract(entry, limit: limits.metadataBytes) }
    }

    // MARK: - Source distributions

    private static func zipSdistMetadata(_ source: ByteSource, limits: Limits) throws -> [UInt8] {
        let what = "The sdist is not a valid zip archive"
        let archive = try translating(what, limits: limits) {
            try ZipArchive(source: source, maxCentralDirectorySize: limits.centralDirectoryBytes)
        }
        let candidates = archive.entries.filter { isTopLevelPKGInfo($0.path) }
        guard let entry = candidates.first else { throw PyPIError(.invalidArchive, "The sdist has no {name}-{version}/PKG-INFO file") }
        guard candidates.count == 1 else {
            throw PyPIError(.invalidArchive, "The sdist has more than one top-level PKG-INFO file: \(candidates.map(\.path).joined(separator: ", "))")
        }
        return try translating(what, limits: limits) { try archive.extract(entry, limit: limits.metadataBytes) }
    }

    private static func tarSdistMetadata(_ source: ByteSource, limits: Limits) throws -> [UInt8] {
        let reader = TarReader(maxTotalBytes: limits.tarBytes)
        let found = try translating("The sdist is not a valid gzip-compressed tar archive", limits: limits) {
            try reader.firstMember(in: source, limit: limits.metadataBytes) { isTopLevelPKGInfo($0.path) }
        }
        guard let found else { throw PyPIError(.invalidArchive, "The sdist has no {name}-{version}/PKG-INFO file") }
        return found.bytes
    }

    /// `{top}/PKG-INFO`, exactly one directory deep (`./` prefixes allowed); deeper copies such
    /// as `{top}/src/pkg.egg-info/PKG-INFO` are not the sdist's metadata.
    static func isTopLevelPKGInfo(_ path: String) -> Bool {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true)
        while parts.first == "." { parts.removeFirst() }
        return parts.count == 2 && parts[1] == "PKG-INFO" && parts[0] != ".."
    }

    // MARK: - Errors

    /// Runs `body`, turning archive and decompression errors into a PyPIError that starts with
    /// `what` (size limits get a message of their own).
    private static func translating<T>(_ what: String, limits: Limits, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ArchiveError {
            switch error.kind {
            case .tooLarge: throw PyPIError(.tooLarge, "The distribution is too large to inspect: \(error.message)")
            default: throw PyPIError(.invalidArchive, "\(what): \(error.message)")
            }
        }
    }
}
