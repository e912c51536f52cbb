/// Amazon Resource Names in the forms Granary hands out.
public enum ARN {
    public static let partition = "aws"

    public static func user(account: String, name: String) -> String {
        "arn:\(partition):iam::\(account):user/\(name)"
    }

    public static func accountRoot(_ account: String) -> String {
        "arn:\(partition):iam::\(account):root"
    }

    public static func domain(region: String, owner: String, name: String) -> String {
        "arn:\(partition):codeartifact:\(region):\(owner):domain/\(name)"
    }

    public static func repository(region: String, owner: String, domain: String, repository: String) -> String {
        "arn:\(partition):codeartifact:\(region):\(owner):repository/\(domain)/\(repository)"
    }

    /// An external connection an account defined (Granary's JSON API).
    public static func externalConnection(region: String, account: String, name: String) -> String {
        "arn:\(partition):granary:\(region):\(account):external-connection/\(name)"
    }

    /// A parsed codeartifact ARN of a domain, a repository or a package group (what tags attach
    /// to); a package group's pattern is decoded (`/npm//team-*`), not yet validated.
    public enum Resource: Equatable, Sendable {
        case domain(owner: String, name: String)
        case repository(owner: String, domain: String, name: String)
        case packageGroup(owner: String, domain: String, pattern: String)
    }

    /// Parses `arn:aws:codeartifact:REGION:OWNER:domain/NAME`, `…:repository/DOMAIN/NAME` or
    /// `…:package-group/DOMAIN/ENCODED/PATTERN` (see `PackageGroupPattern.arn`).
    public static func parseResource(_ text: String, region: String) -> Resource? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == partition, parts[2] == "codeartifact", parts[3] == region,
            Identifiers.isAccountId(String(parts[4]))
        else { return nil }
        let owner = String(parts[4])
        let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (path.first, path.count) {
        case ("domain", 2): return .domain(owner: owner, name: path[1])
        case ("repository", 3): return .repository(owner: owner, domain: path[1], name: path[2])
        case ("package-group", 3...):
            guard let pattern = PackageGroupPattern.decode("/" + path[2...].joined(separator: "/")) else { return nil }
            return .packageGroup(owner: owner, domain: path[1], pattern: pattern)
        default: return nil
        }
    }
}
