/// CreatePackageGroup, DescribePackageGroup, UpdatePackageGroup, DeletePackageGroup,
/// ListPackageGroups, ListSubPackageGroups, GetAssociatedPackageGroup and ListAssociatedPackages.
/// Origin controls (UpdatePackageGroupOriginConfiguration, ListAllowedRepositoriesForGroup and
/// the internal `effectiveRestriction`) are in PackageGroupOrigins.swift.
///
/// Group actions are authorized on the group's ARN, built from the request's pattern before any
/// lookup; ListPackageGroups on the domain's; GetAssociatedPackageGroup on the ARN of the group
/// the package belongs to.
public struct PackageGroupService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public func create(
        _ reference: DomainReference, pattern text: String, description: String?, contactInfo: String?, tags: [Tag]
    ) throws -> PackageGroupDetails {
        let pattern = try PackageGroupPattern.parse(text)
        let description = try Validate.description(description)
        let contactInfo = try Self.validateContactInfo(contactInfo)
        try Tag.validate(tags)
        let scope = try authorize(.createPackageGroup, reference, pattern, keys: RequestKeys.tags(tags))
        return try context.transactions.atomically {
            // Read again in the transaction: what it changes must be what it read.
            let domain = try findDomain(owner: scope.owner, name: scope.domainName)
            let id: Int64
            do {
                guard !pattern.isRoot else { throw DuplicateKey() }
                id = try context.packageGroups.insertGroup(domainId: domain.id, pattern: pattern, description: description, contactInfo: contactInfo)
            } catch is DuplicateKey {
                throw ServiceError.conflict(
                    "Package group \(pattern.text) already exists in domain \(domain.name).", id: pattern.text, type: Self.resourceType)
            }
            if !tags.isEmpty { try context.packageGroups.putTags(groupId: id, tags) }
            let hierarchy = try self.hierarchy(domain)
            return hierarchy.details(of: try existing(pattern, in: hierarchy, domain), domain: domain)
        }
    }

    public func describe(_ reference: DomainReference, pattern text: String) throws -> PackageGroupDetails {
        let pattern = try PackageGroupPattern.parse(text)
        let (domain, hierarchy) = try authorize(.describePackageGroup, reference, pattern).read()
        return hierarchy.details(of: try existing(pattern, in: hierarchy, domain), domain: domain)
    }

    /// The stored id of an existing group, after authorizing `action` on its ARN (tags).
    func groupId(
        _ reference: DomainReference, pattern text: String, for action: Action, keys: [String: ConditionValue] = [:]
    ) throws -> Int64 {
        let pattern = try PackageGroupPattern.parse(text)
        let (domain, hierarchy) = try authorize(action, reference, pattern, keys: keys).read()
        return try stored(try existing(pattern, in: hierarchy, domain), domain)
    }

    /// nil leaves a field as it is; the root group can be described and contacted like any other.
    public func update(_ reference: DomainReference, pattern text: String, description: String?, contactInfo: String?) throws
        -> PackageGroupDetails
    {
        let pattern = try PackageGroupPattern.parse(text)
        let description = try Validate.description(description)
        let contactInfo = try Self.validateContactInfo(contactInfo)
        let scope = try authorize(.updatePackageGroup, reference, pattern)
        return try context.transactions.atomically {
            // Read again in the transaction: what it changes must be what it read.
            let domain = try findDomain(owner: scope.owner, name: scope.domainName)
            let group = try existing(pattern, in: try hierarchy(domain), domain)
            let id = try stored(group, domain)
            if description != nil || contactInfo != nil {
                try context.packageGroups.updateGroup(id: id, description: description, contactInfo: contactInfo)
            }
            let hierarchy = try self.hierarchy(domain)
            return hierarchy.details(of: try existing(pattern, in: hierarchy, domain), domain: domain)
        }
    }

    /// Deletes the group (not its packages); its sub-groups become children of its parent. The
    /// root group cannot be deleted.
    public func delete(_ reference: DomainReference, pattern text: String) throws -> PackageGroupDetails {
        let pattern = try PackageGroupPattern.parse(text)
        let scope = try authorize(.deletePackageGroup, reference, pattern)
        return try context.transactions.atomically {
            // Read again in the transaction: what it changes must be what it read.
            let domain = try findDomain(owner: scope.owner, name: scope.domainName)
            let hierarchy = try self.hierarchy(domain)
            let group = try existing(pattern, in: hierarchy, domain)
            guard !group.pattern.isRoot else {
                throw ServiceError.validation("The root package group /* of domain \(domain.name) cannot be deleted.")
            }
            let details = hierarchy.details(of: group, domain: domain)
            try context.packageGroups.deleteGroup(id: group.id)
            return details
        }
    }

    /// The domain's groups ordered by normalized pattern, those whose pattern starts with `prefix`.
    public func list(_ reference: DomainReference, prefix: String?, after: String?, limit: Int) throws -> [PackageGroupDetails] {
        if let prefix, !Names.isPrintable(prefix, length: 0...520) {
            throw ServiceError.validation("prefix must be at most 520 printable characters.")
        }
        let domain = try context.domain(reference, for: .listPackageGroups)
        let hierarchy = try self.hierarchy(domain)
        return Self.page(hierarchy.groups.filter { $0.pattern.text.hasPrefix(prefix ?? "") }, after: after, limit: limit)
            .map { hierarchy.details(of: $0, domain: domain) }
    }

    /// The direct children of the group.
    public func listSubGroups(_ reference: DomainReference, pattern text: String, after: String?, limit: Int) throws -> [PackageGroupDetails] {
        let pattern = try PackageGroupPattern.parse(text)
        let (domain, hierarchy) = try authorize(.listSubPackageGroups, reference, pattern).read()
        let group = try existing(pattern, in: hierarchy, domain)
        return Self.page(hierarchy.children(of: group), after: after, limit: limit).map { hierarchy.details(of: $0, domain: domain) }
    }

    /// The group a package (existing or not) belongs to: its most specific match.
    public func associatedGroup(_ reference: DomainReference, _ coordinate: PackageCoordinate) throws
        -> (group: PackageGroupDetails, association: PackageGroupAssociationType)
    {
        let domainName = try Validate.domainName(reference.name)
        let owner = try context.owner(of: reference)
        guard let domain = try context.domains.domain(owner: owner, name: domainName) else {
            // The ARN it would be authorized on, so an unauthorized caller learns nothing.
            try context.authorize(
                .getAssociatedPackageGroup, arn: PackageGroupPattern.root.arn(region: context.region, owner: owner, domain: domainName),
                owner: owner)
            throw Self.domainNotFound(domainName, owner)
        }
        let hierarchy = try self.hierarchy(domain)
        let (group, association) = hierarchy.association(of: coordinate)
        try context.authorize(.getAssociatedPackageGroup, arn: group.arn(region: context.region, domain: domain), owner: owner)
        return (hierarchy.details(of: group, domain: domain), association)
    }

    /// Packages in the domain's repositories the group is the most specific match for; with
    /// `preview`, those it would have if it existed. Up to `limit` of them, after `after`
    /// (`PackageCoordinate.associatedPackageCursor`).
    public func associatedPackages(
        _ reference: DomainReference, pattern text: String, preview: Bool, after: String?, limit: Int
    ) throws -> [(coordinate: PackageCoordinate, association: PackageGroupAssociationType)] {
        let pattern = try PackageGroupPattern.parse(text)
        let (domain, existingGroups) = try authorize(.listAssociatedPackages, reference, pattern).read()
        var groups = existingGroups.groups
        if !groups.contains(where: { $0.pattern == pattern }) {
            guard preview || pattern.isRoot else { throw Self.groupNotFound(pattern, domain) }
            groups.append(
                PackageGroup(id: -1, domainId: domain.id, pattern: pattern, description: nil, contactInfo: nil, createdTime: 0, modes: [:]))
        }
        let hierarchy = PackageGroupHierarchy(groups, domainId: domain.id, domainCreated: domain.createdTime)
        var found: [(PackageCoordinate, PackageGroupAssociationType)] = []
        var cursor = after
        let batch = 500
        scan: while true {
            let packages = try context.packageGroups.domainPackages(domainId: domain.id, format: pattern.format, after: cursor, limit: batch)
            for coordinate in packages {
                let (group, association) = hierarchy.association(of: coordinate)
                guard group.pattern == pattern else { continue }
                found.append((coordinate, association))
                if found.count >= limit { break scan }
            }
            guard packages.count == batch, let last = packages.last else { break }
            cursor = last.associatedPackageCursor
        }
        return found
    }

    // MARK: shared steps

    static let resourceType = "package-group"

    /// Validates the domain reference and authorizes `action` on the group's ARN; returns owner
    /// and domain name. The ARN is the group's own — built from the pattern as it was created —
    /// whichever equivalent spelling the caller used (PyPI names normalize: `/pypi//My_Lib$` is
    /// `/pypi//my-lib$`), so a policy on the group's ARN cannot be sidestepped by respelling it.
    /// Only a group that does not exist yet is authorized as the caller spelled it.
    /// The domain and its groups read for that are returned, for read-only operations to use.
    func authorize(
        _ action: Action, _ reference: DomainReference, _ pattern: PackageGroupPattern, keys: [String: ConditionValue] = [:]
    ) throws -> GroupScope {
        let domainName = try Validate.domainName(reference.name)
        let owner = try context.owner(of: reference)
        // The group's ARN as it was created, whichever equivalent spelling the request used.
        let found = try context.authorizeResolved(
            action, owner: owner, keys: keys, find: { try context.domains.domain(owner: owner, name: domainName).map { ($0, try hierarchy($0)) } },
            arn: { ($0?.1.group(pattern)?.pattern ?? pattern).arn(region: context.region, owner: owner, domain: domainName) })
        return GroupScope(owner: owner, domainName: domainName, found: found)
    }

    /// What `authorize` found: the domain a request names and its groups, as read before the
    /// decision (nil when the domain does not exist).
    struct GroupScope {
        let owner: String
        let domainName: String
        let found: (domain: Domain, hierarchy: PackageGroupHierarchy)?

        /// The domain and its groups; 404 when the domain does not exist.
        func read() throws -> (Domain, PackageGroupHierarchy) {
            guard let found else { throw PackageGroupService.domainNotFound(domainName, owner) }
            return found
        }
    }

    func findDomain(owner: String, name: String) throws -> Domain {
        guard let domain = try context.domains.domain(owner: owner, name: name) else { throw Self.domainNotFound(name, owner) }
        return domain
    }

    func hierarchy(_ domain: Domain) throws -> PackageGroupHierarchy {
        PackageGroupHierarchy(try context.packageGroups.groups(domainId: domain.id), domainId: domain.id, domainCreated: domain.createdTime)
    }

    func existing(_ pattern: PackageGroupPattern, in hierarchy: PackageGroupHierarchy, _ domain: Domain) throws -> PackageGroup {
        guard let group = hierarchy.group(pattern) else { throw Self.groupNotFound(pattern, domain) }
        return group
    }

    /// The group's row id (the root's row is made if a domain predating package groups lacks it).
    func stored(_ group: PackageGroup, _ domain: Domain) throws -> Int64 {
        group.id > 0 ? group.id : try context.packageGroups.ensureRoot(domainId: domain.id)
    }

    static func groupNotFound(_ pattern: PackageGroupPattern, _ domain: Domain) -> ServiceError {
        ServiceError.notFound(
            "Package group \(pattern.text) does not exist in domain \(domain.name).", id: pattern.text, type: resourceType)
    }

    static func domainNotFound(_ name: String, _ owner: String) -> ServiceError {
        ServiceError.notFound("Domain \(name) does not exist in account \(owner).", id: name, type: "domain")
    }

    /// PackageGroupContactInfo: at most 1000 printable characters.
    static func validateContactInfo(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard Names.isPrintable(text, length: 0...1000) else {
            throw ServiceError.validation("contactInfo must be at most 1000 printable characters.")
        }
        return text
    }

    /// Groups (sorted by key) after the key `after`, at most `limit`.
    static func page(_ groups: [PackageGroup], after: String?, limit: Int) -> [PackageGroup] {
        Array(groups.filter { after == nil || $0.pattern.key > after! }.prefix(limit))
    }
}

/// A group as the API describes it: with its domain, parent and effective restrictions.
public struct PackageGroupDetails: Sendable {
    public let group: PackageGroup
    public let domain: Domain
    public let parent: PackageGroup?
    public let restrictions: [PackageGroupRestriction: EffectiveRestriction]
}

extension PackageGroupHierarchy {
    public func details(of group: PackageGroup, domain: Domain) -> PackageGroupDetails {
        PackageGroupDetails(
            group: group, domain: domain, parent: parent(of: group),
            restrictions: Dictionary(uniqueKeysWithValues: PackageGroupRestriction.allCases.map { ($0, restriction($0, of: group)) }))
    }
}
