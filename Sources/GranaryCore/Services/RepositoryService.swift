/// CreateRepository, DescribeRepository, UpdateRepository, ListRepositories(InDomain),
/// DeleteRepository, Associate/DisassociateExternalConnection and GetRepositoryEndpoint.
public struct RepositoryService {
    public static let maximumUpstreams = 10
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public func create(
        _ reference: DomainReference, name: String, description: String?, upstreams: [String], tags: [Tag]
    ) throws -> Repository {
        let name = try Validate.repositoryName(name)
        let description = try Validate.description(description)
        try Tag.validate(tags)
        let owner = try context.owner(of: reference)
        let domainName = try Validate.domainName(reference.name)
        try context.authorize(
            .createRepository, arn: ARN.repository(region: context.region, owner: owner, domain: domainName, repository: name),
            owner: owner, keys: RequestKeys.tags(tags))
        return try context.transactions.atomically {
            guard let domain = try context.domains.domain(owner: owner, name: domainName) else {
                throw ServiceError.notFound("Domain \(domainName) does not exist in account \(owner).", id: domainName, type: "domain")
            }
            let upstreamIds = try resolveUpstreams(upstreams, domain: domain, excluding: name, alreadyLinked: [])
            let id: Int64
            do {
                id = try context.repositories.insertRepository(
                    domainId: domain.id, name: name, administrator: context.principal.accountId, description: description)
            } catch is DuplicateKey {
                throw ServiceError.conflict("Repository \(name) already exists in domain \(domainName).", id: name, type: "repository")
            }
            try context.repositories.setUpstreams(repositoryId: id, upstreamIds: upstreamIds)
            if !tags.isEmpty { try context.tags.putTags(kind: .repository, id: id, tags) }
            return try reload(domain, name)
        }
    }

    public func describe(_ reference: DomainReference, _ name: String) throws -> Repository {
        try context.repository(reference, name, for: .describeRepository).1
    }

    /// `upstreams` nil leaves them; an empty list removes them. Cycles are refused.
    public func update(_ reference: DomainReference, _ name: String, description: String?, upstreams: [String]?) throws -> Repository {
        let description = try Validate.description(description)
        return try context.transactions.atomically {
            let (domain, repository) = try context.repository(reference, name, for: .updateRepository)
            if let description { try context.repositories.updateDescription(repositoryId: repository.id, description: description) }
            if let upstreams {
                let upstreamIds = try resolveUpstreams(
                    upstreams, domain: domain, excluding: repository.name, alreadyLinked: Set(repository.upstreams))
                var graph = try context.repositories.upstreamGraph(domainId: domain.id)
                graph[repository.id] = upstreamIds
                if UpstreamGraph.reaches(graph, from: upstreamIds, target: repository.id) {
                    throw ServiceError.validation(
                        "The upstreams of \(repository.name) would form a cycle: an upstream already depends on \(repository.name).")
                }
                try context.repositories.setUpstreams(repositoryId: repository.id, upstreamIds: upstreamIds)
            }
            return try reload(domain, repository.name)
        }
    }

    /// Repositories the caller's account administers, across its domains.
    public func list(prefix: String?, after: String?, limit: Int) throws -> [Repository] {
        try context.authorize(.listRepositories, arn: "*", owner: context.principal.accountId)
        return try context.repositories.repositories(
            administrator: context.principal.accountId, prefix: prefix, after: after, limit: limit)
    }

    public func listInDomain(
        _ reference: DomainReference, administrator: String?, prefix: String?, after: String?, limit: Int
    ) throws -> [Repository] {
        let domain = try context.domain(reference, for: .listRepositoriesInDomain)
        if let administrator { _ = try Validate.accountId(administrator, field: "administratorAccount") }
        return try context.repositories.repositories(
            domainId: domain.id, administrator: administrator, prefix: prefix, after: after, limit: limit)
    }

    /// Deletes the repository with its packages (a Deleted event per version), as CodeArtifact
    /// does; refused while another repository lists it as an upstream.
    public func delete(_ reference: DomainReference, _ name: String) throws -> Repository {
        try context.transactions.atomically {
            let (_, repository) = try context.repository(reference, name, for: .deleteRepository)
            let downstreams = try context.repositories.downstreams(of: repository.id)
            guard downstreams.isEmpty else {
                throw ServiceError.conflict(
                    "Repository \(repository.name) is an upstream of \(downstreams.joined(separator: ", ")); remove it from their upstreams first.",
                    id: repository.name, type: "repository")
            }
            try PackageService(context).removeAll(from: repository)
            try context.policies.deletePolicy(kind: .repository, id: repository.id)
            try context.tags.removeAllTags(kind: .repository, id: repository.id)
            try context.repositories.deleteRepository(id: repository.id)
            return repository
        }
    }

    /// `connection`: one of CodeArtifact's `public:` names, or a connection the domain owner's
    /// account defined (ExternalConnectionService). At most one per repository.
    public func associateExternalConnection(_ reference: DomainReference, _ name: String, connection: String) throws -> Repository {
        let known = ExternalConnection.known[connection]
        guard known != nil || (!connection.hasPrefix("public:") && Names.isRepositoryName(connection)) else {
            throw unknownConnection(connection)
        }
        return try context.transactions.atomically {
            let (domain, repository) = try context.repository(reference, name, for: .associateExternalConnection)
            if let existing = repository.externalConnections.first {
                guard existing.name != connection else { return repository }
                throw ServiceError(
                    .serviceQuotaExceeded, "Repository \(repository.name) already has the external connection \(existing.name).",
                    resourceID: repository.name, resourceType: "repository")
            }
            // A defined connection is read under a shared lock: its deletion waits for this
            // transaction. Using it needs UseExternalConnection on its own ARN: nobody borrows
            // another team's registry credentials.
            let format: PackageFormat
            if let known {
                format = known
            } else {
                let defined = try context.authorizeResolved(
                    .useExternalConnection, owner: domain.owner,
                    find: { try context.externalConnections.lockDefinition(accountId: domain.owner, name: connection) },
                    arn: { ARN.externalConnection(region: context.region, account: domain.owner, name: $0?.name ?? connection) })
                guard let defined else { throw unknownConnection(connection) }
                format = defined.packageFormat
            }
            try context.repositories.setExternalConnection(
                repositoryId: repository.id, ExternalConnection(name: connection, packageFormat: format))
            return try reload(domain, repository.name)
        }
    }

    private func unknownConnection(_ connection: String) -> ServiceError {
        ServiceError.validation(
            "Unknown external connection \(connection); known: \(ExternalConnection.known.keys.sorted().joined(separator: ", ")), "
                + "or a connection the domain owner's account defined.")
    }

    public func disassociateExternalConnection(_ reference: DomainReference, _ name: String, connection: String) throws -> Repository {
        try context.transactions.atomically {
            let (domain, repository) = try context.repository(reference, name, for: .disassociateExternalConnection)
            guard repository.externalConnections.contains(where: { $0.name == connection }) else {
                throw ServiceError.notFound(
                    "Repository \(repository.name) has no external connection \(connection).", id: connection, type: "repository")
            }
            try context.repositories.setExternalConnection(repositoryId: repository.id, nil)
            return try reload(domain, repository.name)
        }
    }

    /// `publicEndpoint` + `/d/{domain}-{owner}/{format}/{repository}/`: path-style on the Granary
    /// host, ending like CodeArtifact's endpoints so `aws codeartifact login` builds working URLs.
    public func endpoint(_ reference: DomainReference, _ name: String, format: String, publicEndpoint: String) throws -> String {
        guard let format = PackageFormat(rawValue: format) else {
            throw ServiceError.validation("format must be one of \(PackageFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let (domain, repository) = try context.repository(reference, name, for: .getRepositoryEndpoint)
        var base = publicEndpoint
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/d/\(domain.name)-\(domain.owner)/\(format.rawValue)/\(repository.name)/"
    }

    private func reload(_ domain: Domain, _ name: String) throws -> Repository {
        guard let repository = try context.repositories.repository(domainId: domain.id, name: name) else {
            throw ServiceError(.internalServer, "repository vanished")
        }
        return repository
    }

    /// Upstream names → ids, in order: at most 10, no duplicates, no self, all in the same domain.
    /// The ids of the named upstreams, in order. Linking a repository as an upstream lets the
    /// downstream's readers read it, so each one not `alreadyLinked` needs
    /// AssociateWithDownstreamRepository on its own ARN (CodeArtifact's rule), authorized on the
    /// stored repository like every named resource (`ServiceContext.authorizeResolved`).
    private func resolveUpstreams(_ names: [String], domain: Domain, excluding own: String, alreadyLinked: Set<String>) throws -> [Int64] {
        guard names.count <= Self.maximumUpstreams else {
            throw ServiceError.validation("A repository can have at most \(Self.maximumUpstreams) upstream repositories.")
        }
        guard Set(names).count == names.count else { throw ServiceError.validation("The upstream list names a repository twice.") }
        for name in names {
            _ = try Validate.repositoryName(name, field: "upstreams.repositoryName")
            guard name != own else { throw ServiceError.validation("A repository cannot be its own upstream.") }
        }
        let found = try context.repositories.repositories(domainId: domain.id, names: names)
        return try names.map { name in
            let match = { found.first(where: { $0.name == name }) }
            let repository =
                alreadyLinked.contains(name)
                ? match()
                : try context.authorizeResolved(
                    .associateWithDownstreamRepository, owner: domain.owner, find: match,
                    arn: { ARN.repository(region: context.region, owner: domain.owner, domain: domain.name, repository: $0?.name ?? name) })
            guard let repository else {
                throw ServiceError.notFound("Upstream repository \(name) does not exist in domain \(domain.name).", id: name, type: "repository")
            }
            return repository.id
        }
    }
}

/// Reachability over the upstream edges of a domain.
public enum UpstreamGraph {
    /// Whether `target` is reachable from any of `starts` following upstream edges.
    public static func reaches(_ graph: [Int64: [Int64]], from starts: [Int64], target: Int64) -> Bool {
        var seen = Set<Int64>()
        var stack = starts
        while let node = stack.popLast() {
            if node == target { return true }
            guard seen.insert(node).inserted else { continue }
            stack.append(contentsOf: graph[node] ?? [])
        }
        return false
    }
}
