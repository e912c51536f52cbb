import GranaryCore

/// The `{domain}-{owner}` segment of repository endpoints (`/d/{domain}-{owner}/{format}/{repo}/`).
public struct DomainEndpoint: Sendable, Equatable {
    public let name: String
    public let owner: String

    public init?(segment: String) {
        guard let dash = segment.lastIndex(of: "-") else { return nil }
        let owner = String(segment[segment.index(after: dash)...])
        let name = String(segment[..<dash])
        guard Identifiers.isAccountId(owner), Names.isDomainName(name) else { return nil }
        self.name = name
        self.owner = owner
    }

    public var reference: DomainReference { DomainReference(name: name, owner: owner) }
}
