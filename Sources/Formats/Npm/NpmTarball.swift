import Foundation

/// Tarball file names and paths as the npm registry lays them out: the file is
/// `name-version.tgz` (without the scope, even for a scoped package) under
/// `/{@scope/name or name}/-/`. `dist.tarball` in a packument points there.
public enum NpmTarball {
    /// `name-version.tgz`; the scope is not part of the file name.
    public static func fileName(_ package: NpmPackageName, version: String) -> String {
        "\(package.name)-\(version).tgz"
    }

    /// `@scope/name/-/name-version.tgz` or `name/-/name-version.tgz`, relative to the
    /// repository endpoint (no leading slash).
    public static func path(_ package: NpmPackageName, version: String) -> String {
        "\(package.fullName)/-/\(fileName(package, version: version))"
    }

    /// The version a tarball file name stands for, given the package it was requested under.
    /// Rejects anything that could leave the package's own files: `/`, `\`, NUL, `..`; and a
    /// name that is not `name-VERSION.tgz` with a non-empty version.
    public static func version(fromFileName file: String, package: NpmPackageName) throws -> String {
        func invalid() -> NpmError {
            NpmError(.invalidName, "Invalid tarball name \"\(file)\" for \(package.fullName): expected \(package.name)-VERSION.tgz.")
        }
        guard !file.contains("/"), !file.contains("\\"), !file.contains("\0"), !file.contains("..") else { throw invalid() }
        let prefix = package.name + "-"
        guard file.hasPrefix(prefix), file.hasSuffix(".tgz"), file.utf8.count > prefix.utf8.count + 4 else { throw invalid() }
        let version = String(file.dropFirst(prefix.count).dropLast(4))
        guard !version.isEmpty else { throw invalid() }
        return version
    }

    /// Splits a tarball path `{@scope/name or name}/-/{file}` (leading `/` optional, `%2f` accepted
    /// for the scope's slash) into the package and the version its file names.
    public static func parse(path: String, validation: NpmPackageName.Validation = .existing) throws -> (package: NpmPackageName, version: String) {
        var text = Substring(path)
        while text.hasPrefix("/") { text = text.dropFirst() }
        guard !text.contains("\0"), let marker = text.firstRange(of: "/-/") else {
            throw NpmError(.invalidName, "Invalid tarball path \"\(path)\": expected PACKAGE/-/FILE.tgz.")
        }
        let package = try NpmPackageName(String(text[..<marker.lowerBound]), validation: validation)
        let version = try version(fromFileName: String(text[marker.upperBound...]), package: package)
        return (package, version)
    }
}
