import FormatKit

/// Reads a .nupkg (a zip): its one `.nuspec` at the root, and the readme the nuspec names.
/// Every failure caused by the upload is a NuGetError naming what is wrong; `ByteSourceError`
/// (the server's own staged file) passes through.
public enum NuGetPackageArchive {
    /// A .nuspec or readme larger than this is refused: real ones are a few kilobytes.
    public static let memberLimit = 1 << 20
    public static let centralDirectoryLimit = 16 << 20

    public struct Contents: Sendable {
        public let nuspecBytes: [UInt8]
        public let nuspec: NuSpec
        public let readme: String?
    }

    public static func read(_ source: ByteSource) throws -> Contents {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(source: source, maxCentralDirectorySize: centralDirectoryLimit)
        } catch let error as ArchiveError {
            throw NuGetError(.invalidPackage, "The package is not a valid .nupkg (zip archive): \(error.message)")
        }
        let nuspecs = archive.entries.filter { !$0.path.contains("/") && !$0.path.contains("\\") && $0.path.lowercased().hasSuffix(".nuspec") }
        guard let entry = nuspecs.first else { throw NuGetError(.invalidPackage, "The package has no .nuspec file at its root.") }
        guard nuspecs.count == 1 else {
            throw NuGetError(.invalidPackage, "The package has more than one .nuspec at its root: \(nuspecs.map(\.path).joined(separator: ", ")).")
        }
        let bytes = try extract(archive, entry, what: entry.path)
        let nuspec = try NuSpec.parse(bytes)
        var readme: String?
        if let path = nuspec.readmeFile {
            let wanted = path.replacingBackslashes.trimmingLeadingSlashes.lowercased()
            guard let member = archive.entries.first(where: { $0.path.replacingBackslashes.lowercased() == wanted }) else {
                throw NuGetError(.invalidPackage, "The .nuspec names the readme \(path.prefix(200)), which the package does not contain.")
            }
            readme = String(decoding: try extract(archive, member, what: member.path), as: UTF8.self)
        }
        return Contents(nuspecBytes: bytes, nuspec: nuspec, readme: readme)
    }

    private static func extract(_ archive: ZipArchive, _ entry: ZipEntry, what: String) throws -> [UInt8] {
        do {
            return try archive.extract(entry, limit: memberLimit)
        } catch let error as ArchiveError {
            throw NuGetError(.invalidPackage, "\(what.prefix(200)) in the package cannot be read (at most \(memberLimit) bytes): \(error.message)")
        }
    }
}

extension String {
    var replacingBackslashes: String { String(map { $0 == "\\" ? "/" : $0 }) }
    var trimmingLeadingSlashes: String { String(drop(while: { $0 == "/" })) }
}
