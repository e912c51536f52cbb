/// TagResource, UntagResource, ListTagsForResource on domains, repositories and package groups,
/// by ARN.
public struct TagService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// What an ARN names, found after the action is authorized on it.
    private enum Target {
        case resource(ResourceKind, Int64)
        case packageGroup(Int64)
    }

    public func list(arn: String) throws -> [Tag] {
        switch try resolve(arn, action: .listTagsForResource) {
        case .resource(let kind, let id): try context.tags.tags(kind: kind, id: id)
        case .packageGroup(let id): try context.packageGroups.tags(groupId: id)
        }
    }

    public func tag(arn: String, tags: [Tag]) throws {
        try Tag.validate(tags)
        try context.transactions.atomically {
            let target = try resolve(arn, action: .tagResource, keys: RequestKeys.tags(tags))
            let existing =
                switch target {
                case .resource(let kind, let id): try context.tags.tags(kind: kind, id: id)
                case .packageGroup(let id): try context.packageGroups.tags(groupId: id)
                }
            let keys = Set(existing.map(\.key)).union(tags.map(\.key))
            guard keys.count <= 200 else { throw ServiceError(.serviceQuotaExceeded, "A resource can have at most 200 tags.") }
            switch target {
            case .resource(let kind, let id): try context.tags.putTags(kind: kind, id: id, tags)
            case .packageGroup(let id): try context.packageGroups.putTags(groupId: id, tags)
            }
        }
    }

    public func untag(arn: String, keys: [String]) throws {
        try context.transactions.atomically {
            switch try resolve(arn, action: .untagResource, keys: RequestKeys.tagKeys(keys)) {
            case .resource(let kind, let id): try context.tags.removeTags(kind: kind, id: id, keys: keys)
            case .packageGroup(let id): try context.packageGroups.removeTags(groupId: id, keys: keys)
            }
        }
    }

    private func resolve(_ arn: String, action: Action, keys: [String: ConditionValue] = [:]) throws -> Target {
        guard let resource = ARN.parseResource(arn, region: context.region) else {
            throw ServiceError.validation("resourceArn \(arn) is not the ARN of a domain, repository or package group in \(context.region).")
        }
        switch resource {
        case .domain(let owner, let name):
            return .resource(.domain, try context.domain(DomainReference(name: name, owner: owner), for: action, keys: keys).id)
        case .repository(let owner, let domain, let name):
            return .resource(.repository, try context.repository(DomainReference(name: domain, owner: owner), name, for: action, keys: keys).1.id)
        case .packageGroup(let owner, let domain, let pattern):
            return .packageGroup(try PackageGroupService(context).groupId(DomainReference(name: domain, owner: owner), pattern: pattern, for: action, keys: keys))
        }
    }
}
