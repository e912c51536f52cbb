/// The one door every request passes: may `principal` perform `action` on `resource`? A bare
/// action is CodeArtifact's (`ReadFromRepository` → `codeartifact:ReadFromRepository`); Granary's
/// own API uses qualified `granary:<Action>` names.
/// `PolicyAuthorizer` (IAM's evaluation over identity and resource policies) is the implementation.
public protocol Authorizer {
    func authorize(_ principal: Principal, action: String, resourceArn: String, resourceOwner: String) throws
    /// The decision and the statements that made it, without enforcing it (`action` qualified).
    func explain(_ principal: Principal, action: String, resourceArn: String, resourceOwner: String) throws -> PolicyDecision
}
