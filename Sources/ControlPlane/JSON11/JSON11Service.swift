import FormatKit
import GranaryCore
import HTTP

/// One AWS JSON 1.1 service behind `POST /`: the target prefix its requests name in
/// `X-Amz-Target` (`AWSEvents`, `TrentService`), the SigV4 service name their signatures are
/// scoped to (`events`, `kms`), its operations, and its names for the errors core code throws.
/// `JSON11Routes` reads the header, checks the signature and renders errors for every service.
public struct JSON11Service<Context: ControlPlaneContext>: Sendable {
    public typealias Handler = @Sendable (JSON11Call, Context) throws -> JSON11Output

    struct Operation: Sendable {
        let readOnly: Bool
        let handler: Handler
    }

    public let targetPrefix: String
    let authenticator: Authenticator
    let errors: @Sendable (ServiceError) -> JSON11Error
    private(set) var operations: [String: Operation] = [:]

    /// `errors` names each ServiceError in the service's own terms (EventBridge says
    /// ResourceAlreadyExistsException where CodeArtifact says ConflictException).
    public init(targetPrefix: String, signingName: String, region: String, errors: @escaping @Sendable (ServiceError) -> JSON11Error) {
        self.targetPrefix = targetPrefix
        self.authenticator = Authenticator(region: region, service: signingName)
        self.errors = errors
    }

    /// `readOnly`: the operation writes nothing (its services read through the thread's caches).
    public mutating func add(_ name: String, readOnly: Bool = false, _ handler: @escaping Handler) {
        precondition(operations[name] == nil, "\(targetPrefix).\(name) registered twice")
        operations[name] = Operation(readOnly: readOnly, handler: handler)
    }

    /// The operations served, sorted (diagnostics list them).
    public var operationNames: [String] { operations.keys.sorted() }
}
