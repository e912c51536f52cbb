/// CreateDomain, DescribeDomain, ListDomains, DeleteDomain.
public struct DomainService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public func create(name: String, encryptionKey: String?, tags: [Tag]) throws -> Domain {
        let name = try Validate.domainName(name)
        let owner = context.principal.accountId
        try context.authorize(
            .createDomain, arn: ARN.domain(region: context.region, owner: owner, name: name), owner: owner, keys: RequestKeys.tags(tags))
        try Tag.validate(tags)
        if let encryptionKey, !Names.isPrintable(encryptionKey, length: 1...1011) || encryptionKey.contains(" ") {
            throw ServiceError.validation("encryptionKey must be a key ARN of 1-1011 characters.")
        }
        let key = encryptionKey ?? "arn:aws:kms:\(context.region):\(owner):key/\(Identifiers.newUUID())"
        return try context.transactions.atomically {
            let id: Int64
            do {
                id = try context.domains.insertDomain(owner: owner, name: name, encryptionKey: key)
            } catch is DuplicateKey {
                throw ServiceError.conflict("Domain \(name) already exists in account \(owner).", id: name, type: "domain")
            }
            if !tags.isEmpty { try context.tags.putTags(kind: .domain, id: id, tags) }
            guard let domain = try context.domains.describeDomain(owner: owner, name: name) else {
                throw ServiceError(.internalServer, "domain vanished")
            }
            return domain
        }
    }

    public func describe(_ reference: DomainReference) throws -> Domain {
        try described(context.domain(reference, for: .describeDomain))
    }

    private func described(_ domain: Domain) throws -> Domain {
        guard let full = try context.domains.describeDomain(owner: domain.owner, name: domain.name) else {
            throw ServiceError.notFound("Domain \(domain.name) does not exist in account \(domain.owner).", id: domain.name, type: "domain")
        }
        return full
    }

    /// The caller's domains, by name.
    public func list(after: String?, limit: Int) throws -> [Domain] {
        let owner = context.principal.accountId
        try context.authorize(.listDomains, arn: "*", owner: owner)
        return try context.domains.domains(owner: owner, after: after, limit: limit)
    }

    /// Refuses while the domain has repositories, as CodeArtifact does.
    public func delete(_ reference: DomainReference) throws -> Domain {
        try context.transactions.atomically {
            let domain = try described(context.domain(reference, for: .deleteDomain))
            guard domain.repositoryCount == 0 else {
                throw ServiceError.conflict(
                    "Domain \(domain.name) still has \(domain.repositoryCount) repositories; delete them first.",
                    id: domain.name, type: "domain")
            }
            try context.policies.deletePolicy(kind: .domain, id: domain.id)
            try context.tags.removeAllTags(kind: .domain, id: domain.id)
            try context.packageGroups.deleteGroups(domainId: domain.id)
            try context.domains.deleteDomain(id: domain.id)
            return domain
        }
    }
}
