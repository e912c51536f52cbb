/// The one door every request passes: may `principal` perform `action` on `resource`? A bare
/// action is CodeArtifact's (`ReadFromRepository` → `codeartifact:ReadFromRepository`); Granary's
/// own API uses qualified `granary:<Action>` names.
/// `PolicyAuthorizer` (IAM's evaluation over identity and resource policies) is the implementation.
public protocol Authorizer {
    /// `keys` adds the call's own condition keys (aws:RequestTag/…, aws:TagKeys).
    func authorize(
        _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue]) throws
    /// The decision and the statements that made it, without enforcing it (`action` qualified).
    func explain(
        _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue]
    ) throws -> PolicyDecision
    /// For a request whose resource is known only up to the prefix of its ARN (a publish whose
    /// package name is in the body not read yet): AccessDenied unless `action` could be allowed on
    /// some resource under `resourceArnPrefix`, by the identity policies and the resource policies
    /// that govern `governingArn` (`PolicyEngine.mayAllow`). The check of the resource itself follows.
    func authorize(
        _ principal: Principal, action: String, anyResourceUnder resourceArnPrefix: String, governedBy governingArn: String,
        resourceOwner: String) throws
}

/// The condition keys a request that carries tags adds: aws:RequestTag/<key> and aws:TagKeys.
public enum RequestKeys {
    public static func tags(_ tags: [Tag]) -> [String: ConditionValue] {
        AuthorizationRequest.globalContext(requestTags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
    }

    public static func tagKeys(_ keys: [String]) -> [String: ConditionValue] {
        keys.isEmpty ? [:] : ["aws:TagKeys": .strings(keys)]
    }
}
