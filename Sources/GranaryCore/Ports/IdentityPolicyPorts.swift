/// Inline identity policies of users (IAM's user policies).
public protocol IdentityPolicyStore {
    /// name → document, for one user.
    func policies(userId: String) throws -> [(name: String, document: String)]
    func putPolicy(userId: String, name: String, document: String) throws
    /// False when there was no such policy.
    func deletePolicy(userId: String, name: String) throws -> Bool
}
