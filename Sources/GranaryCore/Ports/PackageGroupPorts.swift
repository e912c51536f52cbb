/// Storage of package groups (GranaryStore implements it in MariaDB). A domain's groups are few
/// and read together: the hierarchy, matching and INHERIT are computed from one read.
public protocol PackageGroupStore {
    /// Every group of the domain, with its modes and allowed-list sizes (the root included).
    func groups(domainId: Int64) throws -> [PackageGroup]
    /// Throws `DuplicateKey` when the domain already has a group of that key.
    func insertGroup(domainId: Int64, pattern: PackageGroupPattern, description: String?, contactInfo: String?) throws -> Int64
    /// The root group's row (made with the domain by sql/0007's trigger; made here when missing).
    func ensureRoot(domainId: Int64) throws -> Int64
    /// nil leaves a field; "" clears it.
    func updateGroup(id: Int64, description: String?, contactInfo: String?) throws
    func setModes(groupId: Int64, _ modes: [PackageGroupRestriction: PackageGroupRestrictionMode]) throws
    func deleteGroup(id: Int64) throws
    /// Removes every group of the domain with its lists and tags (DeleteDomain).
    func deleteGroups(domainId: Int64) throws

    /// Repository names on the group's list for `restriction`, by name, after `after`.
    func allowedRepositories(groupId: Int64, _ restriction: PackageGroupRestriction, after: String?, limit: Int) throws -> [String]
    func addAllowedRepository(groupId: Int64, _ restriction: PackageGroupRestriction, repositoryId: Int64) throws
    func removeAllowedRepository(groupId: Int64, _ restriction: PackageGroupRestriction, repositoryId: Int64) throws
    /// The (group id, restriction) lists `repositoryId` is on, across its domain's groups.
    func allowedLists(repositoryId: Int64) throws -> Set<AllowedListEntry>

    func tags(groupId: Int64) throws -> [Tag]
    func putTags(groupId: Int64, _ tags: [Tag]) throws
    func removeTags(groupId: Int64, keys: [String]) throws

    /// Distinct packages (format, namespace, name) in the repositories of the domain, optionally of
    /// one format, ordered by format, namespace, name; `after` is `associatedPackageCursor` of the last seen.
    func domainPackages(domainId: Int64, format: PackageFormat?, after: String?, limit: Int) throws -> [PackageCoordinate]
}

/// One entry of an allowed-repository list.
public struct AllowedListEntry: Hashable, Sendable {
    public let groupId: Int64
    public let restriction: PackageGroupRestriction

    public init(groupId: Int64, restriction: PackageGroupRestriction) {
        self.groupId = groupId
        self.restriction = restriction
    }
}

extension PackageCoordinate {
    /// The keyset cursor of `PackageGroupStore.domainPackages`: format, normalized namespace and
    /// name, separated by U+0001.
    public var associatedPackageCursor: String {
        [format.rawValue, key.namespace, key.name].joined(separator: "\u{1}")
    }
}
