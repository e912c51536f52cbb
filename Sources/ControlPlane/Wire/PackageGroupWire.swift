import GranaryCore

/// JSON shapes of botocore's CodeArtifact model for package groups: PackageGroupDescription (and
/// PackageGroupSummary, the same members), PackageGroupReference, PackageGroupOriginConfiguration.

/// PackageGroupReference.
struct PackageGroupReferenceWire: Encodable {
    let arn: String
    let pattern: String

    init(_ group: PackageGroup, domain: Domain, region: String) {
        arn = group.arn(region: region, domain: domain)
        pattern = group.pattern.text
    }
}

/// PackageGroupOriginRestriction.
struct PackageGroupRestrictionWire: Encodable {
    let mode: String
    let effectiveMode: String
    let inheritedFrom: PackageGroupReferenceWire?
    let repositoriesCount: Int
}

/// PackageGroupOriginConfiguration: `restrictions` keyed by PUBLISH, EXTERNAL_UPSTREAM, INTERNAL_UPSTREAM.
struct PackageGroupOriginConfigurationWire: Encodable {
    let restrictions: [String: PackageGroupRestrictionWire]
}

/// PackageGroupDescription / PackageGroupSummary.
struct PackageGroupWire: Encodable {
    let arn: String
    let pattern: String
    let domainName: String
    let domainOwner: String
    let createdTime: Double
    let contactInfo: String?
    let description: String?
    let originConfiguration: PackageGroupOriginConfigurationWire
    let parent: PackageGroupReferenceWire?

    init(_ details: PackageGroupDetails, region: String) {
        let group = details.group
        let domain = details.domain
        arn = group.arn(region: region, domain: domain)
        pattern = group.pattern.text
        domainName = domain.name
        domainOwner = domain.owner
        createdTime = group.createdTime
        contactInfo = group.contactInfo
        description = group.description
        var restrictions: [String: PackageGroupRestrictionWire] = [:]
        for (restriction, effective) in details.restrictions {
            restrictions[restriction.rawValue] = PackageGroupRestrictionWire(
                mode: effective.mode.rawValue, effectiveMode: effective.effectiveMode.rawValue,
                inheritedFrom: effective.inheritedFrom.map { PackageGroupReferenceWire($0, domain: domain, region: region) },
                repositoriesCount: effective.repositoriesCount)
        }
        originConfiguration = PackageGroupOriginConfigurationWire(restrictions: restrictions)
        parent = details.parent.map { PackageGroupReferenceWire($0, domain: domain, region: region) }
    }
}

/// AssociatedPackage.
struct AssociatedPackageWire: Encodable {
    let format: String
    let namespace: String?
    let package: String
    let associationType: String

    init(_ coordinate: PackageCoordinate, _ association: PackageGroupAssociationType) {
        format = coordinate.format.rawValue
        namespace = coordinate.namespace
        package = coordinate.name
        associationType = association.rawValue
    }
}

/// PackageGroupAllowedRepository (a request member: both fields optional in the model, required here).
struct PackageGroupAllowedRepositoryWire: Decodable {
    let repositoryName: String?
    let originRestrictionType: String?
}
