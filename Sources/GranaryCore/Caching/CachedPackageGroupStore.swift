/// Package groups through the access cache: what deciding an origin restriction reads (a
/// domain's groups, a repository's allowed lists) is kept while the access counter stands
/// (sql/0007's triggers move it); everything else goes to the store.
public struct CachedPackageGroupStore: PackageGroupStore {
    let store: PackageGroupStore
    let cache: AccessCache

    public init(_ store: PackageGroupStore, cache: AccessCache) {
        self.store = store
        self.cache = cache
    }

    public func groups(domainId: Int64) throws -> [PackageGroup] {
        try cache.remembered(\.packageGroups, String(domainId)) { try store.groups(domainId: domainId) }
    }

    public func allowedLists(repositoryId: Int64) throws -> Set<AllowedListEntry> {
        try cache.remembered(\.allowedLists, String(repositoryId)) { try store.allowedLists(repositoryId: repositoryId) }
    }

    public func allowedRepositories(groupId: Int64, _ restriction: PackageGroupRestriction, after: String?, limit: Int) throws -> [String] {
        try store.allowedRepositories(groupId: groupId, restriction, after: after, limit: limit)
    }

    public func tags(groupId: Int64) throws -> [Tag] { try store.tags(groupId: groupId) }

    public func domainPackages(domainId: Int64, format: PackageFormat?, after: String?, limit: Int) throws -> [PackageCoordinate] {
        try store.domainPackages(domainId: domainId, format: format, after: after, limit: limit)
    }

    public func insertGroup(domainId: Int64, pattern: PackageGroupPattern, description: String?, contactInfo: String?) throws -> Int64 {
        cache.clear()
        return try store.insertGroup(domainId: domainId, pattern: pattern, description: description, contactInfo: contactInfo)
    }

    public func ensureRoot(domainId: Int64) throws -> Int64 {
        cache.clear()
        return try store.ensureRoot(domainId: domainId)
    }

    public func updateGroup(id: Int64, description: String?, contactInfo: String?) throws {
        cache.clear()
        try store.updateGroup(id: id, description: description, contactInfo: contactInfo)
    }

    public func setModes(groupId: Int64, _ modes: [PackageGroupRestriction: PackageGroupRestrictionMode]) throws {
        cache.clear()
        try store.setModes(groupId: groupId, modes)
    }

    public func deleteGroup(id: Int64) throws {
        cache.clear()
        try store.deleteGroup(id: id)
    }

    public func deleteGroups(domainId: Int64) throws {
        cache.clear()
        try store.deleteGroups(domainId: domainId)
    }

    public func addAllowedRepository(groupId: Int64, _ restriction: PackageGroupRestriction, repositoryId: Int64) throws {
        cache.clear()
        try store.addAllowedRepository(groupId: groupId, restriction, repositoryId: repositoryId)
    }

    public func removeAllowedRepository(groupId: Int64, _ restriction: PackageGroupRestriction, repositoryId: Int64) throws {
        cache.clear()
        try store.removeAllowedRepository(groupId: groupId, restriction, repositoryId: repositoryId)
    }

    public func putTags(groupId: Int64, _ tags: [Tag]) throws {
        cache.clear()
        try store.putTags(groupId: groupId, tags)
    }

    public func removeTags(groupId: Int64, keys: [String]) throws {
        cache.clear()
        try store.removeTags(groupId: groupId, keys: keys)
    }
}
