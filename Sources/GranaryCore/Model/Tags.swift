/// A resource tag.
public struct Tag: Sendable, Equatable, Codable {
    public let key: String
    public let value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// At most 200 tags, keys 1-128 and values 0-256 printable characters, keys unique, and no key
    /// starting with the reserved `aws:` prefix.
    public static func validate(_ tags: [Tag]) throws {
        guard tags.count <= 200 else { throw ServiceError.validation("A resource can have at most 200 tags.") }
        var seen = Set<String>()
        for tag in tags {
            guard Names.isPrintable(tag.key, length: 1...128), Names.isPrintable(tag.value, length: 0...256) else {
                throw ServiceError.validation("Tag keys must be 1-128 and values 0-256 printable characters.")
            }
            guard !tag.key.lowercased().hasPrefix("aws:") else {
                throw ServiceError.validation("Tag keys may not start with the reserved prefix aws:.")
            }
            guard seen.insert(tag.key).inserted else { throw ServiceError.validation("Duplicate tag key \(tag.key).") }
        }
    }
}

/// What a policy or a tag attaches to.
public enum ResourceKind: String, Sendable {
    case domain, repository
}

/// A resource-based permissions policy with its revision.
public struct ResourcePolicy: Sendable, Equatable {
    public let resourceArn: String
    public let revision: String
    public let document: String

    public init(resourceArn: String, revision: String, document: String) {
        self.resourceArn = resourceArn
        self.revision = revision
        self.document = document
    }
}
