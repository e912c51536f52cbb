import GranaryCore
import HTTP

/// One authenticated call of an AWS JSON 1.1 service: the operation, its input, the caller and
/// the services acting for the caller.
public struct JSON11Call {
    public let request: Request
    /// `PutRule` of `AWSEvents.PutRule`.
    public let operation: String
    public let input: JSON11Input
    public let services: ServiceContext
    let settings: ControlPlaneSettings

    public var principal: Principal { services.principal }
    public var region: String { settings.region }

    /// A page of `items` (fetched with one more than `limit`) and the NextToken for the rest:
    /// signed and bound to the operation and `scope` (what the list was asked for), so a token
    /// of one list never reads another.
    public func page<T>(_ items: [T], limit: Int, scope: String, cursor: (T) -> String) -> ([T], String?) {
        guard items.count > limit, let last = items.prefix(limit).last else { return (items, nil) }
        return (Array(items.prefix(limit)), settings.pageTokens.make(cursor: cursor(last), scope: operation + "\n" + scope))
    }

    /// The cursor inside the input's NextToken; ValidationException for one this server did not
    /// issue for this list.
    public func cursor(scope: String, token: String?) throws -> String? {
        do {
            return try settings.pageTokens.cursor(of: token, scope: operation + "\n" + scope)
        } catch {
            throw ServiceError.validation("The NextToken is not valid for this request.")
        }
    }
}
