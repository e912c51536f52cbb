import FormatKit
import GranaryCore

extension CoreMetadata {
    /// CodeArtifact's `dependencyType` for every PyPI dependency (API reference, PackageDependency).
    public static let dependencyType = "Requires-Dist"

    /// The package version description CodeArtifact shows (DescribePackageVersion) and the
    /// dependencies ListPackageVersionDependencies returns, taken from this metadata.
    public var versionMetadata: VersionMetadata {
        VersionMetadata(
            displayName: name,
            summary: summary,
            homePage: homePage ?? projectURL(labelled: ["homepage", "home"]),
            sourceCodeRepository: projectURL(labelled: ["source", "repository", "sourcecode"]),
            licenses: licenses,
            readme: description,
            dependencies: requiresDist.compactMap { entry in
                guard let requirement = Requirement(entry) else { return nil }
                return Dependency(
                    namespace: nil, package: requirement.name, dependencyType: Self.dependencyType,
                    versionRequirement: requirement.versionRequirement
                )
            }
        )
    }

    /// License-Expression (PEP 639) when present; else a one-line License field (a multi-line
    /// one is the license text, not a name); else the names from `License ::` classifiers.
    public var licenses: [License] {
        if let licenseExpression { return [License(name: licenseExpression.trimmed, url: nil)] }
        if let license, !license.contains("\n"), license.count <= 200 { return [License(name: license.trimmed, url: nil)] }
        return classifiers.compactMap { classifier in
            let parts = classifier.split(separator: "::").map { String($0).trimmed }
            guard parts.count >= 2, parts[0] == "License", let last = parts.last, last != "OSI Approved" else { return nil }
            return License(name: last, url: nil)
        }
    }

    /// The first Project-URL whose label, normalized as PEP 753 does (lower case, no
    /// punctuation or spaces), is one of `labels`.
    public func projectURL(labelled labels: Set<String>) -> String? {
        projectURLs.first { entry in
            let normalized = String(entry.label.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            return labels.contains(normalized)
        }?.url
    }
}
