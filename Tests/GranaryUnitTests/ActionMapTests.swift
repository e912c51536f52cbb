import GranaryCore
import Testing

/// The action map against the resource types of IAM's "Actions, resources, and condition keys for
/// AWS CodeArtifact" (written from that reference, not from the code).
@Suite struct ActionMapTests {
    static let documented: [String: Action.Resource] = [
        "AssociateExternalConnection": .repository, "AssociateWithDownstreamRepository": .repository, "CopyPackageVersions": .package, "CreateDomain": .domain,
        "CreateRepository": .repository, "DeleteDomain": .domain, "DeleteDomainPermissionsPolicy": .domain,
        "DeletePackage": .package, "DeletePackageVersions": .package, "DeleteRepository": .repository,
        "DeleteRepositoryPermissionsPolicy": .repository, "DescribeDomain": .domain, "DescribePackage": .package,
        "DescribePackageVersion": .package, "DescribeRepository": .repository, "DisassociateExternalConnection": .repository,
        "DisposePackageVersions": .package, "GetAuthorizationToken": .domain, "GetDomainPermissionsPolicy": .domain,
        "GetPackageVersionAsset": .package, "GetPackageVersionReadme": .package, "GetRepositoryEndpoint": .repository,
        "GetRepositoryPermissionsPolicy": .repository, "ListDomains": .any, "ListPackageVersionAssets": .package,
        "ListPackageVersionDependencies": .package, "ListPackageVersions": .package, "ListPackages": .repository,
        "ListRepositories": .any, "ListRepositoriesInDomain": .domain, "ListTagsForResource": .taggable,
        "PublishPackageVersion": .package, "PutDomainPermissionsPolicy": .domain, "PutPackageMetadata": .package,
        "PutPackageOriginConfiguration": .package, "PutRepositoryPermissionsPolicy": .repository,
        "ReadFromRepository": .repository, "TagResource": .taggable, "UntagResource": .taggable,
        "UpdatePackageVersionsStatus": .package, "UpdateRepository": .repository,
        // Package groups: CreatePackageGroup names no resource type (like CreateRepository, it is
        // authorized on the new resource's ARN); ListPackageGroups is a domain action.
        "CreatePackageGroup": .packageGroup, "DeletePackageGroup": .packageGroup, "DescribePackageGroup": .packageGroup,
        "GetAssociatedPackageGroup": .packageGroup, "ListAllowedRepositoriesForGroup": .packageGroup,
        "ListAssociatedPackages": .packageGroup, "ListPackageGroups": .domain, "ListSubPackageGroups": .packageGroup,
        "UpdatePackageGroup": .packageGroup, "UpdatePackageGroupOriginConfiguration": .packageGroup,
    ]

    @Test func everyCodeArtifactActionIsMappedToItsDocumentedResource() {
        let codeartifact = Action.allCases.filter { $0.service == "codeartifact" }
        #expect(Set(codeartifact.map(\.rawValue)) == Set(Self.documented.keys))
        for action in codeartifact {
            #expect(action.resource == Self.documented[action.rawValue], "\(action.rawValue)")
            #expect(action.qualified == "codeartifact:\(action.rawValue)")
        }
    }

    @Test func granaryActionsAreQualifiedAsGranary() {
        let granary = Action.allCases.filter { $0.service == "granary" }
        #expect(granary.count == 17)
        #expect(granary.allSatisfy { $0.qualified.hasPrefix("granary:") && [.user, .any, .externalConnection].contains($0.resource) })
    }
}
