/// Package group origin controls: UpdatePackageGroupOriginConfiguration,
/// ListAllowedRepositoriesForGroup, and the check the publish and upstream paths make.
extension PackageGroupService {
    /// One entry of addAllowedRepositories / removeAllowedRepositories.
    public struct AllowedRepositoryChange: Sendable, Equatable {
        public let restriction: PackageGroupRestriction
        public let repository: String

        public init(restriction: PackageGroupRestriction, repository: String) {
            self.restriction = restriction
            self.repository = repository
        }
    }

    /// What the update did to the allowed lists: per restriction, the names added and removed.
    public typealias AllowedRepositoryUpdates = [PackageGroupRestriction: (added: [String], removed: [String])]

    /// Sets the given restriction modes (the others keep theirs) and edits the allowed-repository
    /// lists (every named repository must exist in the domain). The root group cannot INHERIT.
    public func updateOriginConfiguration(
        _ reference: DomainReference, pattern text: String, restrictions: [PackageGroupRestriction: PackageGroupRestrictionMode],
        add: [AllowedRepositoryChange], remove: [AllowedRepositoryChange]
    ) throws -> (group: PackageGroupDetails, updates: AllowedRepositoryUpdates) {
        let pattern = try PackageGroupPattern.parse(text)
        if pattern.isRoot, restrictions.values.contains(.inherit) {
            throw ServiceError.validation("The root package group /* has no parent to inherit from: its modes are ALLOW, BLOCK or ALLOW_SPECIFIC_REPOSITORIES.")
        }
        for change in add + remove { _ = try Validate.repositoryName(change.repository, field: "repositoryName") }
        let scope = try authorize(.updatePackageGroupOriginConfiguration, reference, pattern)
        return try context.transactions.atomically {
            // Read again in the transaction: what it changes must be what it read.
            let domain = try findDomain(owner: scope.owner, name: scope.domainName)
            let group = try existing(pattern, in: try hierarchy(domain), domain)
            let id = try stored(group, domain)
            let names = Array(Set((add + remove).map(\.repository)))
            let found = Dictionary(
                try context.repositories.repositories(domainId: domain.id, names: names).map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
            func repositoryId(_ name: String) throws -> Int64 {
                guard let id = found[name] else {
                    throw ServiceError.notFound("Repository \(name) does not exist in domain \(domain.name).", id: name, type: "repository")
                }
                return id
            }
            if !restrictions.isEmpty { try context.packageGroups.setModes(groupId: id, restrictions) }
            var updates: AllowedRepositoryUpdates = [:]
            for change in add {
                try context.packageGroups.addAllowedRepository(groupId: id, change.restriction, repositoryId: try repositoryId(change.repository))
                updates[change.restriction, default: ([], [])].added.append(change.repository)
            }
            for change in remove {
                try context.packageGroups.removeAllowedRepository(
                    groupId: id, change.restriction, repositoryId: try repositoryId(change.repository))
                updates[change.restriction, default: ([], [])].removed.append(change.repository)
            }
            let hierarchy = try self.hierarchy(domain)
            return (hierarchy.details(of: try existing(pattern, in: hierarchy, domain), domain: domain), updates)
        }
    }

    /// The group's allowed-repository list for `restriction`, by name, after the name `after`.
    public func allowedRepositories(
        _ reference: DomainReference, pattern text: String, restriction: PackageGroupRestriction, after: String?, limit: Int
    ) throws -> [String] {
        let pattern = try PackageGroupPattern.parse(text)
        let (domain, hierarchy) = try authorize(.listAllowedRepositoriesForGroup, reference, pattern).read()
        let group = try existing(pattern, in: hierarchy, domain)
        guard group.id > 0 else { return [] }
        return try context.packageGroups.allowedRepositories(groupId: group.id, restriction, after: after, limit: limit)
    }

    // MARK: the internal check

    /// Why a version may or may not enter `repository` by `kind`: the package's group, how it is
    /// associated, and the group whose mode decided (itself, or the ancestor it inherits from).
    public struct OriginDecision: Sendable {
        public let allowed: Bool
        public let group: PackageGroup
        public let association: PackageGroupAssociationType
        public let decidedBy: PackageGroup
        public let mode: PackageGroupRestrictionMode

        /// For error messages: "package group /npm/space/* (BLOCK on PUBLISH)".
        public var explanation: String {
            association == .weak
                ? "package group \(group.pattern.text) (the package is a variation of its pattern, so every origin is blocked)"
                : "package group \(decidedBy.pattern.text) (\(mode.rawValue))"
        }
    }

    /// Whether package group origin controls let a version of `coordinate` enter `repository` by
    /// `kind` (true = allowed). An internal check, not an API call: no authorization; one query
    /// (the domain's groups), and a second (the allowed lists the repository is on) only when the
    /// deciding mode is ALLOW_SPECIFIC_REPOSITORIES. A package that is only a WEAK match of its
    /// group is blocked whatever the group says.
    public func effectiveRestriction(
        domain: Domain, repository: Repository, coordinate: PackageCoordinate, kind: PackageGroupRestriction
    ) throws -> Bool {
        try originDecision(domain: domain, repository: repository, coordinate: coordinate, kind: kind).allowed
    }

    /// `effectiveRestriction` with the reasons.
    public func originDecision(
        domain: Domain, repository: Repository, coordinate: PackageCoordinate, kind: PackageGroupRestriction
    ) throws -> OriginDecision {
        let hierarchy = try self.hierarchy(domain)
        let (group, association) = hierarchy.association(of: coordinate)
        let source = hierarchy.source(of: kind, for: group)
        let mode = source.mode(kind)
        let allowed: Bool
        switch (association, mode) {
        case (.weak, _): allowed = false
        case (_, .allow), (_, .inherit): allowed = true
        case (_, .block): allowed = false
        case (_, .allowSpecificRepositories):
            allowed = try context.packageGroups.allowedLists(repositoryId: repository.id)
                .contains(AllowedListEntry(groupId: source.id, restriction: kind))
        }
        return OriginDecision(allowed: allowed, group: group, association: association, decidedBy: source, mode: mode)
    }
}
