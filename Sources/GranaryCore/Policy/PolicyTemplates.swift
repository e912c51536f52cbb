import FoundationEssentials

/// Ready-to-Put resource policies for CodeArtifact's documented uses, for one domain or repository
/// and a list of principals (account ids, `arn:aws:iam::ID:root`, user ARNs, or `*`).
///
/// Repository templates cover the repository and its packages
/// (`…:repository/D/R` and `…:package/D/R/*`); domain templates cover the domain and everything
/// in it (`…:domain/D`, `…:repository/D/*`, `…:package/D/*`). The action lists follow the
/// CodeArtifact User Guide's repository-policy and domain-policy examples; domain templates add
/// the guide's `sts:GetServiceBearerToken` grant (condition `sts:AWSServiceName` =
/// `codeartifact.amazonaws.com`) that GetAuthorizationToken also needs.
public enum PolicyTemplates {
    public enum Template: String, Sendable, CaseIterable {
        case repositoryReadOnly = "RepositoryReadOnly"
        case repositoryReadAndPublish = "RepositoryReadAndPublish"
        case repositoryFullAccess = "RepositoryFullAccess"
        case domainContributor = "DomainContributor"
        case domainFullAccess = "DomainFullAccess"

        /// Whether the template is for a repository (else a domain).
        public var isRepositoryTemplate: Bool { rawValue.hasPrefix("Repository") }

        public var summary: String {
            switch self {
            case .repositoryReadOnly: "Read packages and their metadata from the repository."
            case .repositoryReadAndPublish: "Read from and publish packages to the repository."
            case .repositoryFullAccess: "Every CodeArtifact action on the repository and its packages."
            case .domainContributor: "Use the domain: get tokens, list and describe it, create repositories."
            case .domainFullAccess: "Every CodeArtifact action on the domain and everything in it."
            }
        }

        /// The `codeartifact:` actions the main statement allows.
        public var actions: [String] {
            switch self {
            case .repositoryReadOnly: PolicyTemplates.readActions
            case .repositoryReadAndPublish: PolicyTemplates.readActions + ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"]
            case .repositoryFullAccess, .domainFullAccess: ["codeartifact:*"]
            case .domainContributor:
                [
                    "codeartifact:CreateRepository", "codeartifact:DescribeDomain", "codeartifact:GetAuthorizationToken",
                    "codeartifact:GetDomainPermissionsPolicy", "codeartifact:ListRepositoriesInDomain",
                ]
            }
        }
    }

    static let readActions = [
        "codeartifact:DescribePackage", "codeartifact:DescribePackageVersion", "codeartifact:DescribeRepository",
        "codeartifact:GetPackageVersionReadme", "codeartifact:GetRepositoryEndpoint", "codeartifact:ListPackages",
        "codeartifact:ListPackageVersions", "codeartifact:ListPackageVersionAssets",
        "codeartifact:ListPackageVersionDependencies", "codeartifact:ReadFromRepository",
    ]

    /// The policy document (JSON text). `resourceArn` must be a repository ARN for repository
    /// templates and a domain ARN for domain templates; throws ValidationException otherwise, or
    /// for an empty or invalid principal list.
    public static func document(_ template: Template, resourceArn: String, principals: [String]) throws(ServiceError) -> String {
        guard !principals.isEmpty else { throw ServiceError.validation("A policy template needs at least one principal.") }
        for principal in principals {
            do {
                _ = try PrincipalPattern(principal)
            } catch {
                throw ServiceError.validation("Invalid principal \"\(principal)\": use an account id, an account root or user ARN, or *.")
            }
        }
        let resources = try scope(of: resourceArn, repository: template.isRepositoryTemplate)
        var statements = [
            statement(sid: template.rawValue, actions: template.actions, principals: principals, resources: resources)
        ]
        if !template.isRepositoryTemplate {
            statements.append(
                statement(
                    sid: "ServiceBearerToken", actions: ["sts:GetServiceBearerToken"], principals: principals, resources: ["*"],
                    condition: #""StringEquals": { "sts:AWSServiceName": "codeartifact.amazonaws.com" }"#))
        }
        return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + statements.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// The ARNs a template grants on: the resource itself and what it contains.
    static func scope(of arn: String, repository: Bool) throws(ServiceError) -> [String] {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        let kind = repository ? "repository" : "domain"
        guard parts.count == 6, parts[0] == "arn", parts[2] == "codeartifact", !parts[3].isEmpty,
            PrincipalPattern.isAccountId(parts[4])
        else { throw ServiceError.validation("\(arn) is not a CodeArtifact \(kind) ARN.") }
        let prefix = parts[0...4].joined(separator: ":")
        let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let safe = path.allSatisfy { !$0.isEmpty && !$0.contains("*") && !$0.contains("?") && !$0.contains("$") }
        if repository, path.count == 3, path[0] == "repository", safe {
            return [arn, "\(prefix):package/\(path[1])/\(path[2])/*"]
        }
        if !repository, path.count == 2, path[0] == "domain", safe {
            return [arn, "\(prefix):repository/\(path[1])/*", "\(prefix):package/\(path[1])/*"]
        }
        throw ServiceError.validation("\(arn) is not a CodeArtifact \(kind) ARN.")
    }

    private static func statement(
        sid: String, actions: [String], principals: [String], resources: [String], condition: String? = nil
    ) -> String {
        var lines = [
            "      \"Sid\": \(quoted(sid))",
            "      \"Effect\": \"Allow\"",
            "      \"Principal\": { \"AWS\": \(list(principals)) }",
            "      \"Action\": \(list(actions))",
            "      \"Resource\": \(list(resources))",
        ]
        if let condition { lines.append("      \"Condition\": { \(condition) }") }
        return "    {\n" + lines.joined(separator: ",\n") + "\n    }"
    }

    private static func list(_ values: [String]) -> String {
        values.count == 1 ? quoted(values[0]) : "[" + values.map(quoted).joined(separator: ", ") + "]"
    }

    /// A JSON string literal, by Foundation's encoder (slashes kept readable in ARNs).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding a String cannot fail; the fallback only satisfies the type checker.
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
