import FormatKit

/// What a .nuspec says about its package (the `<metadata>` of NuGet's nuspec schema, any of its
/// namespaces), read with FormatKit's bounded XML reader: DTDs and entities are refused, depth,
/// size and counts are bounded.
public struct NuSpec: Sendable, Equatable {
    public struct DependencyGroup: Sendable, Equatable, Codable {
        /// nil: the group that applies to every framework (or a flat `<dependencies>` list).
        public let targetFramework: String?
        public let dependencies: [PackageDependency]
    }

    public struct PackageDependency: Sendable, Equatable, Codable {
        public let id: String
        /// NuGet's interval notation (`[1.0.0, )`); a bare version `1.0` means at least it.
        public let range: String
    }

    public let id: String
    public let version: NuGetVersion
    public var title: String?
    public var authors: String
    public var owners: String?
    public var description: String
    public var summary: String?
    public var releaseNotes: String?
    public var copyright: String?
    public var language: String?
    public var tags: [String] = []
    public var projectURL: String?
    public var iconURL: String?
    public var licenseURL: String?
    /// `<license type="expression">` (an SPDX expression) or `type="file"` (a path in the package).
    public var licenseExpression: String?
    public var licenseFile: String?
    public var requireLicenseAcceptance = false
    /// The path of the readme inside the package (`<readme>`).
    public var readmeFile: String?
    public var repositoryURL: String?
    public var dependencyGroups: [DependencyGroup] = []
    public var packageTypes: [String] = []

    public static let limits: XMLLimits = {
        var limits = XMLLimits()
        limits.maxBytes = 1 << 20
        limits.maxDepth = 16
        limits.maxElements = 20_000
        return limits
    }()

    /// NuGet's id rule: letters, digits, `_`, with `.` or `-` between them, at most 100 characters.
    public static func isValidId(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 100 else { return false }
        var previousSeparator = true
        for c in id.utf8 {
            let word = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
            if word {
                previousSeparator = false
            } else if c == 0x2E || c == 0x2D {
                if previousSeparator { return false }
                previousSeparator = true
            } else {
                return false
            }
        }
        return !previousSeparator
    }

    public static func parse(_ bytes: [UInt8]) throws(NuGetError) -> NuSpec {
        let root: XMLElement
        do {
            root = try XMLReader.parse(bytes, limits: limits)
        } catch {
            throw NuGetError(.invalidNuspec, "The .nuspec is not XML Granary reads: \(error.message)")
        }
        guard root.localName == "package", let metadata = root.child("metadata") else {
            throw NuGetError(.invalidNuspec, "The .nuspec has no <package><metadata>.")
        }
        func text(_ name: String) -> String? {
            guard let value = metadata.value(name)?.trimmed, !value.isEmpty else { return nil }
            return value
        }
        guard let id = text("id") else { throw NuGetError(.invalidNuspec, "The .nuspec has no <id>.") }
        guard isValidId(id) else {
            throw NuGetError(.invalidId, "'\(id.prefix(120))' is not a NuGet package id: letters, digits, '_', '.' and '-', at most 100 characters.")
        }
        guard let versionText = text("version") else { throw NuGetError(.invalidNuspec, "The .nuspec has no <version>.") }
        let version = try NuGetVersion(versionText)
        guard let authors = text("authors") else { throw NuGetError(.invalidNuspec, "The .nuspec of \(id) has no <authors>.") }
        guard let description = text("description") else { throw NuGetError(.invalidNuspec, "The .nuspec of \(id) has no <description>.") }
        var spec = NuSpec(id: id, version: version, authors: authors, description: description)
        spec.title = text("title")
        spec.owners = text("owners")
        spec.summary = text("summary")
        spec.releaseNotes = text("releaseNotes")
        spec.copyright = text("copyright")
        spec.language = text("language")
        spec.tags = (text("tags") ?? "").split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
        spec.projectURL = text("projectUrl")
        spec.iconURL = text("iconUrl")
        spec.licenseURL = text("licenseUrl")
        if let license = metadata.child("license"), let value = license.text.trimmed.nonEmpty {
            switch license.attribute("type") {
            case "expression": spec.licenseExpression = value
            case "file": spec.licenseFile = value
            default: throw NuGetError(.invalidNuspec, "The .nuspec's <license> must have type=\"expression\" or type=\"file\".")
            }
        }
        spec.requireLicenseAcceptance = text("requireLicenseAcceptance")?.lowercased() == "true"
        spec.readmeFile = text("readme")
        spec.repositoryURL = metadata.child("repository")?.attribute("url")?.trimmed.nonEmpty
        spec.packageTypes = metadata.child("packageTypes")?.children("packageType").compactMap { $0.attribute("name") } ?? []
        if let dependencies = metadata.child("dependencies") {
            spec.dependencyGroups = try groups(dependencies, of: id)
        }
        return spec
    }

    private static func groups(_ element: XMLElement, of id: String) throws(NuGetError) -> [DependencyGroup] {
        let flat = element.children("dependency")
        var groups: [DependencyGroup] = []
        if !flat.isEmpty { groups.append(DependencyGroup(targetFramework: nil, dependencies: try dependencies(flat, of: id))) }
        for group in element.children("group") {
            let framework = group.attribute("targetFramework")?.trimmed.nonEmpty
            groups.append(DependencyGroup(targetFramework: framework, dependencies: try dependencies(group.children("dependency"), of: id)))
        }
        return groups
    }

    private static func dependencies(_ elements: [XMLElement], of id: String) throws(NuGetError) -> [PackageDependency] {
        var out: [PackageDependency] = []
        for element in elements {
            guard let dependency = element.attribute("id")?.trimmed, isValidId(dependency) else {
                throw NuGetError(.invalidNuspec, "A dependency of \(id) has no valid id.")
            }
            let version = element.attribute("version")?.trimmed ?? ""
            out.append(PackageDependency(id: dependency, range: try range(version, of: dependency)))
        }
        return out
    }

    /// `1.0` → `[1.0.0, )`; an interval is kept with its versions normalized; empty: any version.
    static func range(_ text: String, of dependency: String) throws(NuGetError) -> String {
        guard !text.isEmpty else { return "" }
        guard let first = text.first, first == "[" || first == "(" else { return "[\(try NuGetVersion(text).normalized), )" }
        guard let last = text.last, last == "]" || last == ")", text.count >= 3 else {
            throw NuGetError(.invalidNuspec, "The version range '\(text.prefix(100))' of \(dependency) is not NuGet's interval notation.")
        }
        let inner = text.dropFirst().dropLast().split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        var bounds: [String] = []
        for bound in inner {
            let trimmed = String(bound).trimmed
            bounds.append(trimmed.isEmpty ? "" : try NuGetVersion(trimmed).normalized)
        }
        if bounds.count == 1 { return "[\(bounds[0])]" }
        return "\(first)\(bounds[0].isEmpty ? "" : bounds[0]), \(bounds[1].isEmpty ? "" : bounds[1])\(last)"
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
