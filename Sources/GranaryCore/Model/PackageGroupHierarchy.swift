/// The package groups of one domain, read once: parents, children, the group a package belongs
/// to, and the effective origin restrictions (INHERIT resolved up to the root). Pure: built from
/// the rows the store returns.
public struct PackageGroupHierarchy: Sendable {
    public let groups: [PackageGroup]
    private let byKey: [String: PackageGroup]
    private let patterns: [PackageGroupPattern]

    /// `groups` should hold the root; a domain made before package groups existed gets a virtual one.
    public init(_ groups: [PackageGroup], domainId: Int64 = 0, domainCreated: Double = 0) {
        var all = groups
        if !all.contains(where: { $0.pattern.isRoot }) {
            all.append(
                PackageGroup(
                    id: 0, domainId: domainId, pattern: .root, description: nil, contactInfo: nil, createdTime: domainCreated,
                    modes: [:]))
        }
        self.groups = all.sorted { $0.pattern.key < $1.pattern.key }
        byKey = Dictionary(all.map { ($0.pattern.key, $0) }, uniquingKeysWith: { first, _ in first })
        patterns = self.groups.map(\.pattern)
    }

    public var root: PackageGroup { byKey[PackageGroupPattern.rootText]! }

    public func group(_ pattern: PackageGroupPattern) -> PackageGroup? { byKey[pattern.key] }

    /// Computed on demand (one pass over the groups): a publish check follows one chain only.
    public func parent(of group: PackageGroup) -> PackageGroup? { parent(of: group.pattern) }

    /// The parent a group of `pattern` has or would have.
    public func parent(of pattern: PackageGroupPattern) -> PackageGroup? {
        PackageGroupMatcher.parent(of: pattern, among: patterns).flatMap { byKey[$0.key] }
    }

    /// Direct children, by key.
    public func children(of group: PackageGroup) -> [PackageGroup] {
        groups.filter { parent(of: $0)?.pattern.key == group.pattern.key }
    }

    /// The group `coordinate` is associated with, and how strongly.
    public func association(of coordinate: PackageCoordinate) -> (group: PackageGroup, type: PackageGroupAssociationType) {
        guard let (pattern, type) = PackageGroupMatcher.mostSpecific(patterns, for: coordinate), let group = byKey[pattern.key]
        else { return (root, .strong) }
        return (group, type)
    }

    /// The group's restriction with INHERIT resolved: the first ancestor whose mode is not INHERIT
    /// (the root's INHERIT, which the service refuses to store, counts as ALLOW).
    public func restriction(_ restriction: PackageGroupRestriction, of group: PackageGroup) -> EffectiveRestriction {
        let own = group.mode(restriction)
        let count = group.allowedCounts[restriction] ?? 0
        guard own == .inherit else {
            return EffectiveRestriction(mode: own, effectiveMode: own, inheritedFrom: nil, repositoriesCount: count)
        }
        let source = source(of: restriction, for: group)
        let effective = source.mode(restriction) == .inherit ? .allow : source.mode(restriction)
        return EffectiveRestriction(mode: own, effectiveMode: effective, inheritedFrom: source, repositoriesCount: count)
    }

    /// The group whose mode applies to `group` for `restriction`: itself unless INHERIT, else the
    /// first ancestor that does not inherit (the root at the latest).
    public func source(of restriction: PackageGroupRestriction, for group: PackageGroup) -> PackageGroup {
        var current = group
        var seen = Set<String>()
        while current.mode(restriction) == .inherit, seen.insert(current.pattern.key).inserted, let parent = parent(of: current) {
            current = parent
        }
        return current
    }
}
