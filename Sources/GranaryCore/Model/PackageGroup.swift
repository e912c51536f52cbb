/// A package group of a domain: a pattern, what it says about itself, and its origin controls.
/// Every domain has the root group `/*` (made with the domain, never deleted).
public struct PackageGroup: Sendable, Equatable {
    public let id: Int64
    public let domainId: Int64
    public let pattern: PackageGroupPattern
    public let description: String?
    public let contactInfo: String?
    public let createdTime: Double
    /// The configured mode per restriction (INHERIT for a new group, ALLOW for the root).
    public let modes: [PackageGroupRestriction: PackageGroupRestrictionMode]
    /// How many repositories each allowed-repository list holds.
    public let allowedCounts: [PackageGroupRestriction: Int]

    public init(
        id: Int64, domainId: Int64, pattern: PackageGroupPattern, description: String?, contactInfo: String?, createdTime: Double,
        modes: [PackageGroupRestriction: PackageGroupRestrictionMode], allowedCounts: [PackageGroupRestriction: Int] = [:]
    ) {
        self.id = id
        self.domainId = domainId
        self.pattern = pattern
        self.description = description
        self.contactInfo = contactInfo
        self.createdTime = createdTime
        self.modes = modes
        self.allowedCounts = allowedCounts
    }

    public func mode(_ restriction: PackageGroupRestriction) -> PackageGroupRestrictionMode {
        modes[restriction] ?? (pattern.isRoot ? .allow : .inherit)
    }

    public func arn(region: String, domain: Domain) -> String {
        pattern.arn(region: region, owner: domain.owner, domain: domain.name)
    }
}

/// PackageGroupOriginRestrictionType: how a version enters a repository.
public enum PackageGroupRestriction: String, Sendable, CaseIterable, Hashable {
    /// Published directly to the repository.
    case publish = "PUBLISH"
    /// Ingested from a public registry through an external connection.
    case externalUpstream = "EXTERNAL_UPSTREAM"
    /// Retained from an upstream repository of the same domain.
    case internalUpstream = "INTERNAL_UPSTREAM"
}

/// PackageGroupOriginRestrictionMode.
public enum PackageGroupRestrictionMode: String, Sendable, CaseIterable {
    case allow = "ALLOW"
    case allowSpecificRepositories = "ALLOW_SPECIFIC_REPOSITORIES"
    case block = "BLOCK"
    case inherit = "INHERIT"
}

/// PackageGroupAssociationType: STRONG when the package matches the pattern as written, WEAK when
/// only a variation of it (such a package is blocked from every origin).
public enum PackageGroupAssociationType: String, Sendable {
    case strong = "STRONG"
    case weak = "WEAK"
}

/// One restriction of a group as DescribePackageGroup reports it.
public struct EffectiveRestriction: Sendable, Equatable {
    public let mode: PackageGroupRestrictionMode
    /// The mode after INHERIT is resolved up the parents (ALLOW at the root at the latest).
    public let effectiveMode: PackageGroupRestrictionMode
    /// The group the effective mode comes from, when the group's own mode is INHERIT.
    public let inheritedFrom: PackageGroup?
    /// The size of the group's own allowed-repository list for this restriction.
    public let repositoriesCount: Int
}
