/// The action map: every action a request can need, the service it belongs to, and the kind of
/// resource whose ARN it is authorized on. One table; ServiceContext builds the ARN from the
/// request's names according to `resource`, so no handler picks an ARN by itself.
public enum Action: String, CaseIterable, Sendable {
    // Domains
    case createDomain = "CreateDomain", describeDomain = "DescribeDomain", deleteDomain = "DeleteDomain"
    case listDomains = "ListDomains", getAuthorizationToken = "GetAuthorizationToken"
    case getDomainPermissionsPolicy = "GetDomainPermissionsPolicy", putDomainPermissionsPolicy = "PutDomainPermissionsPolicy"
    case deleteDomainPermissionsPolicy = "DeleteDomainPermissionsPolicy", listRepositoriesInDomain = "ListRepositoriesInDomain"
    // Repositories
    case createRepository = "CreateRepository", describeRepository = "DescribeRepository", updateRepository = "UpdateRepository"
    case deleteRepository = "DeleteRepository", listRepositories = "ListRepositories"
    case associateExternalConnection = "AssociateExternalConnection"
    case disassociateExternalConnection = "DisassociateExternalConnection", getRepositoryEndpoint = "GetRepositoryEndpoint"
    /// Needed on a repository to make it an upstream of another (CreateRepository, UpdateRepository).
    case associateWithDownstreamRepository = "AssociateWithDownstreamRepository"
    case getRepositoryPermissionsPolicy = "GetRepositoryPermissionsPolicy"
    case putRepositoryPermissionsPolicy = "PutRepositoryPermissionsPolicy"
    case deleteRepositoryPermissionsPolicy = "DeleteRepositoryPermissionsPolicy"
    case listPackages = "ListPackages", readFromRepository = "ReadFromRepository"
    // Packages and versions
    case describePackage = "DescribePackage", deletePackage = "DeletePackage"
    case putPackageOriginConfiguration = "PutPackageOriginConfiguration", listPackageVersions = "ListPackageVersions"
    case describePackageVersion = "DescribePackageVersion", listPackageVersionAssets = "ListPackageVersionAssets"
    case getPackageVersionReadme = "GetPackageVersionReadme", listPackageVersionDependencies = "ListPackageVersionDependencies"
    case getPackageVersionAsset = "GetPackageVersionAsset", publishPackageVersion = "PublishPackageVersion"
    case putPackageMetadata = "PutPackageMetadata", updatePackageVersionsStatus = "UpdatePackageVersionsStatus"
    case deletePackageVersions = "DeletePackageVersions", disposePackageVersions = "DisposePackageVersions"
    case copyPackageVersions = "CopyPackageVersions"
    // Package groups
    case createPackageGroup = "CreatePackageGroup", describePackageGroup = "DescribePackageGroup"
    case updatePackageGroup = "UpdatePackageGroup", deletePackageGroup = "DeletePackageGroup", listPackageGroups = "ListPackageGroups"
    case listSubPackageGroups = "ListSubPackageGroups", getAssociatedPackageGroup = "GetAssociatedPackageGroup"
    case listAssociatedPackages = "ListAssociatedPackages"
    case updatePackageGroupOriginConfiguration = "UpdatePackageGroupOriginConfiguration"
    case listAllowedRepositoriesForGroup = "ListAllowedRepositoriesForGroup"
    // Tags (on a domain or a repository)
    case tagResource = "TagResource", untagResource = "UntagResource", listTagsForResource = "ListTagsForResource"
    // Granary's own API
    case listUsers = "ListUsers", createUser = "CreateUser", createAccessKey = "CreateAccessKey", listAccessKeys = "ListAccessKeys"
    case listUserPolicies = "ListUserPolicies", getUserPolicy = "GetUserPolicy", putUserPolicy = "PutUserPolicy"
    case deleteUserPolicy = "DeleteUserPolicy", revokeToken = "RevokeToken", revokeUserTokens = "RevokeUserTokens"
    case getPolicyTemplate = "GetPolicyTemplate", explain = "Explain"
    case createExternalConnection = "CreateExternalConnection", listExternalConnections = "ListExternalConnections"
    case describeExternalConnection = "DescribeExternalConnection", deleteExternalConnection = "DeleteExternalConnection"
    /// Needed on a defined connection to associate it with a repository (its registry, and any
    /// credentials it holds, then serve that repository's readers).
    case useExternalConnection = "UseExternalConnection"

    /// What an action's ARN names.
    public enum Resource: Sendable {
        /// `*`: account-wide listings and templates.
        case any
        case domain
        case repository
        case package
        /// `package-group/DOMAIN/ENCODED_PATTERN` (PackageGroupPattern.arn).
        case packageGroup
        /// The domain or repository the request's `resourceArn` names.
        case taggable
        /// An IAM user of the caller's account.
        case user
        /// An external connection the caller's account defined (ARN.externalConnection).
        case externalConnection
    }

    public var service: String {
        switch self {
        case .listUsers, .createUser, .createAccessKey, .listAccessKeys, .listUserPolicies, .getUserPolicy, .putUserPolicy,
            .deleteUserPolicy, .revokeToken, .revokeUserTokens, .getPolicyTemplate, .explain, .createExternalConnection,
            .listExternalConnections, .describeExternalConnection, .deleteExternalConnection, .useExternalConnection:
            "granary"
        default:
            "codeartifact"
        }
    }

    /// `codeartifact:ReadFromRepository`, `granary:CreateUser`: what policies name.
    public var qualified: String { "\(service):\(rawValue)" }

    public var resource: Resource {
        switch self {
        case .listDomains, .listRepositories, .listUsers, .getPolicyTemplate, .listExternalConnections: .any
        case .createDomain, .describeDomain, .deleteDomain, .getAuthorizationToken, .getDomainPermissionsPolicy,
            .putDomainPermissionsPolicy, .deleteDomainPermissionsPolicy, .listRepositoriesInDomain, .listPackageGroups:
            .domain
        case .createRepository, .describeRepository, .updateRepository, .deleteRepository, .associateExternalConnection,
            .disassociateExternalConnection, .associateWithDownstreamRepository, .getRepositoryEndpoint, .getRepositoryPermissionsPolicy, .putRepositoryPermissionsPolicy,
            .deleteRepositoryPermissionsPolicy, .listPackages, .readFromRepository:
            .repository
        case .describePackage, .deletePackage, .putPackageOriginConfiguration, .listPackageVersions, .describePackageVersion,
            .listPackageVersionAssets, .getPackageVersionReadme, .listPackageVersionDependencies, .getPackageVersionAsset,
            .publishPackageVersion, .putPackageMetadata, .updatePackageVersionsStatus, .deletePackageVersions,
            .disposePackageVersions, .copyPackageVersions:
            .package
        case .createPackageGroup, .describePackageGroup, .updatePackageGroup, .deletePackageGroup, .listSubPackageGroups,
            .getAssociatedPackageGroup, .listAssociatedPackages, .updatePackageGroupOriginConfiguration, .listAllowedRepositoriesForGroup:
            .packageGroup
        case .tagResource, .untagResource, .listTagsForResource: .taggable
        case .createUser, .createAccessKey, .listAccessKeys, .listUserPolicies, .getUserPolicy, .putUserPolicy, .deleteUserPolicy,
            .revokeToken, .revokeUserTokens, .explain:
            .user
        case .createExternalConnection, .describeExternalConnection, .deleteExternalConnection, .useExternalConnection: .externalConnection
        }
    }
}
