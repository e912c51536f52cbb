import GranaryCrypto

/// Get/Put/Delete of domain and repository permissions policies: stored with a revision and
/// validated as policy documents. `policyRevision`, when given, must name the current revision.
public struct PolicyService {
    /// CodeArtifact's PolicyDocument limit.
    public static let maximumLength = 7168
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public enum Target {
        case domain(DomainReference)
        case repository(DomainReference, String)
    }

    public func get(_ target: Target) throws -> ResourcePolicy {
        let (kind, id, arn) = try resolve(target, .get)
        guard let stored = try context.policies.policy(kind: kind, id: id) else {
            throw ServiceError.notFound("No permissions policy is attached to \(arn).", id: arn, type: kind.rawValue)
        }
        return ResourcePolicy(resourceArn: arn, revision: stored.revision, document: stored.document)
    }

    public func put(_ target: Target, document: String, expectedRevision: String?) throws -> ResourcePolicy {
        guard (1...Self.maximumLength).contains(document.utf8.count) else {
            throw ServiceError.validation("Invalid policy document: it must be 1 to \(Self.maximumLength) bytes.")
        }
        _ = try Policy.parse(document, kind: .resource)
        return try context.transactions.atomically {
            let (kind, id, arn) = try resolve(target, .put)
            let current = try context.policies.policy(kind: kind, id: id)
            if let expectedRevision, current?.revision != expectedRevision {
                throw ServiceError.conflict(
                    "The policy revision \(expectedRevision) is not the current revision of the policy of \(arn).", id: arn,
                    type: kind.rawValue)
            }
            let revision = Self.newRevision()
            try context.policies.putPolicy(kind: kind, id: id, document: document, revision: revision)
            return ResourcePolicy(resourceArn: arn, revision: revision, document: document)
        }
    }

    /// Returns the policy that was deleted.
    public func delete(_ target: Target, expectedRevision: String?) throws -> ResourcePolicy {
        try context.transactions.atomically {
            let (kind, id, arn) = try resolve(target, .delete)
            guard let current = try context.policies.policy(kind: kind, id: id) else {
                throw ServiceError.notFound("No permissions policy is attached to \(arn).", id: arn, type: kind.rawValue)
            }
            if let expectedRevision, current.revision != expectedRevision {
                throw ServiceError.conflict(
                    "The policy revision \(expectedRevision) is not the current revision of the policy of \(arn).", id: arn,
                    type: kind.rawValue)
            }
            try context.policies.deletePolicy(kind: kind, id: id)
            return ResourcePolicy(resourceArn: arn, revision: current.revision, document: current.document)
        }
    }

    enum Verb { case get, put, delete }

    private func resolve(_ target: Target, _ verb: Verb) throws -> (ResourceKind, Int64, String) {
        switch target {
        case .domain(let reference):
            let action: Action =
                switch verb {
                case .get: .getDomainPermissionsPolicy
                case .put: .putDomainPermissionsPolicy
                case .delete: .deleteDomainPermissionsPolicy
                }
            let domain = try context.domain(reference, for: action)
            return (.domain, domain.id, domain.arn(region: context.region))
        case .repository(let reference, let name):
            let action: Action =
                switch verb {
                case .get: .getRepositoryPermissionsPolicy
                case .put: .putRepositoryPermissionsPolicy
                case .delete: .deleteRepositoryPermissionsPolicy
                }
            let (_, repository) = try context.repository(reference, name, for: action)
            return (.repository, repository.id, repository.arn(region: context.region))
        }
    }

    /// An opaque revision: 32 random bytes, hex.
    static func newRevision() -> String { Hex.encode(SecureRandom.bytes(20)) }
}
