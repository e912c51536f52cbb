/// The one door every request passes: may `principal` perform `codeartifact:<action>` on `resource`?
/// Issue 4 brings the IAM-style policy engine behind this protocol; until then the interim rule is
/// `OwnAccountAuthorizer`: a principal may act on resources its own account owns, and nothing else.
public protocol Authorizer {
    func authorize(_ principal: Principal, action: String, resourceArn: String, resourceOwner: String) throws
}

public struct OwnAccountAuthorizer: Authorizer, Sendable {
    public init() {}

    public func authorize(_ principal: Principal, action: String, resourceArn: String, resourceOwner: String) throws {
        guard principal.accountId == resourceOwner else {
            throw ServiceError(
                .accessDenied,
                "User: \(principal.arn) is not authorized to perform: codeartifact:\(action) on resource: \(resourceArn)")
        }
    }
}
