/// TagResource, UntagResource, ListTagsForResource on domains and repositories, by ARN.
public struct TagService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public func list(arn: String) throws -> [Tag] {
        let (kind, id) = try resolve(arn, action: .listTagsForResource)
        return try context.tags.tags(kind: kind, id: id)
    }

    public func tag(arn: String, tags: [Tag]) throws {
        try Tag.validate(tags)
        try context.transactions.atomically {
            let (kind, id) = try resolve(arn, action: .tagResource, keys: RequestKeys.tags(tags))
            let existing = try context.tags.tags(kind: kind, id: id)
            let keys = Set(existing.map(\.key)).union(tags.map(\.key))
            guard keys.count <= 200 else { throw ServiceError(.serviceQuotaExceeded, "A resource can have at most 200 tags.") }
            try context.tags.putTags(kind: kind, id: id, tags)
        }
    }

    public func untag(arn: String, keys: [String]) throws {
        try context.transactions.atomically {
            let (kind, id) = try resolve(arn, action: .untagResource, keys: RequestKeys.tagKeys(keys))
            try context.tags.removeTags(kind: kind, id: id, keys: keys)
        }
    }

    private func resolve(_ arn: String, action: Action, keys: [String: ConditionValue] = [:]) throws -> (ResourceKind, Int64) {
        guard let resource = ARN.parseResource(arn, region: context.region) else {
            throw ServiceError.validation("resourceArn \(arn) is not the ARN of a domain or repository in \(context.region).")
        }
        switch resource {
        case .domain(let owner, let name):
            return (.domain, try context.domain(DomainReference(name: name, owner: owner), for: action, keys: keys).id)
        case .repository(let owner, let domain, let name):
            return (.repository, try context.repository(DomainReference(name: domain, owner: owner), name, for: action, keys: keys).1.id)
        }
    }
}
