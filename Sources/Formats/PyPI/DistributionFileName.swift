/// What a distribution's file name says: project name, version, and kind, following the
/// binary distribution format (wheels) and the source distribution format (sdists).
///
/// The file name becomes part of a blob path and a download URL, so anything that could leave
/// its directory or confuse a client (`/`, `\`, `..`, NUL, control characters) is refused here.
public struct DistributionFileName: Sendable, Equatable {
    public enum PackageType: String, Sendable {
        /// A wheel: the `filetype` twine sends for `.whl` files.
        case wheel = "bdist_wheel"
        /// A source distribution, `.tar.gz` or `.zip`.
        case sdist = "sdist"
    }

    public let fileName: String
    /// The name as written in the file name (wheels write `-` as `_`); compare normalized.
    public let name: String
    public let version: String
    public let packageType: PackageType
    /// Wheel tags; nil for sdists.
    public let buildTag: String?
    public let pythonTag: String?
    public let abiTag: String?
    public let platformTag: String?

    public static let sdistSuffixes = [".tar.gz", ".zip"]

    public init(_ fileName: String) throws {
        try Self.checkSafe(fileName)
        self.fileName = fileName
        if fileName.hasSuffix(".whl") {
            let parts = fileName.dropLast(4).split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5 || parts.count == 6, parts.allSatisfy({ !$0.isEmpty }) else {
                throw PyPIError(.invalidFileName, "\(fileName) is not a valid wheel file name: expected {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl")
            }
            if parts.count == 6 {
                guard let first = parts[2].unicodeScalars.first, ("0"..."9").contains(first) else {
                    throw PyPIError(.invalidFileName, "\(fileName) is not a valid wheel file name: the build tag must start with a digit")
                }
            }
            name = parts[0]
            version = parts[1]
            packageType = .wheel
            buildTag = parts.count == 6 ? parts[2] : nil
            pythonTag = parts[parts.count - 3]
            abiTag = parts[parts.count - 2]
            platformTag = parts[parts.count - 1]
            return
        }
        guard let suffix = Self.sdistSuffixes.first(where: { fileName.hasSuffix($0) }) else {
            throw PyPIError(.invalidFileName, "\(fileName) is not a supported distribution file: use a wheel (.whl) or an sdist (.tar.gz or .zip)")
        }
        let stem = String(fileName.dropLast(suffix.count))
        guard let (name, version) = Self.splitSdist(stem) else {
            throw PyPIError(.invalidFileName, "\(fileName) is not a valid sdist file name: expected {name}-{version}\(suffix)")
        }
        self.name = name
        self.version = version
        packageType = .sdist
        buildTag = nil
        pythonTag = nil
        abiTag = nil
        platformTag = nil
    }

    /// Legacy sdist names may have `-` in the name and in the version (`my-pkg-1.0-1`). Split
    /// at the first `-` before a digit whose remainder is a PEP 440 version; failing that, at
    /// the first `-` before a digit.
    private static func splitSdist(_ stem: String) -> (String, String)? {
        let scalars = Array(stem.unicodeScalars)
        var candidates: [Int] = []
        for index in scalars.indices where scalars[index] == "-" && index > 0 && index + 1 < scalars.count {
            let next = scalars[index + 1]
            if ("0"..."9").contains(next) || (next == "v" && index + 2 < scalars.count && ("0"..."9").contains(scalars[index + 2])) {
                candidates.append(index)
            }
        }
        let split: (Int) -> (String, String) = { index in
            (String(String.UnicodeScalarView(scalars[..<index])), String(String.UnicodeScalarView(scalars[(index + 1)...])))
        }
        if let valid = candidates.first(where: { PEP440Version(split($0).1) != nil }) { return split(valid) }
        return candidates.first.map(split)
    }

    private static func checkSafe(_ fileName: String) throws {
        guard !fileName.isEmpty else { throw PyPIError(.invalidFileName, "the distribution file name is empty") }
        guard fileName.utf8.count <= 255 else { throw PyPIError(.invalidFileName, "the distribution file name is longer than 255 bytes") }
        let forbidden = fileName.unicodeScalars.contains { scalar in
            scalar == "/" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
        }
        guard !forbidden, !fileName.contains("..") else {
            throw PyPIError(.invalidFileName, "the distribution file name \(String(reflecting: fileName)) contains a path separator, '..' or a control character")
        }
    }
}
