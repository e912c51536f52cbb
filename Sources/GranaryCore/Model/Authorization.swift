/// The one door every request passes: may `principal` perform `codeartifact:<action>` on `resource`?
/// `PolicyAuthorizer` (IAM's evaluation over identity and resource policies) is the implementation.
public protocol Authorizer {
    func authorize(_ principal: Principal, action: String, resourceArn: String, resourceOwner: String) throws
}
