import FoundationEssentials
import EdgeKit
import GranaryCore
import GranaryCrypto
import HTTP

/// What the control plane needs from a worker thread's context.
public protocol ControlPlaneContext: SendableMetatype {
    /// The principal whose SigV4 signature the request carries. `payloadHash` is the SHA-256 (hex)
    /// of the body as received.
    func authenticate(_ request: Request, payloadHash: String) throws -> Principal
    /// The same with another service's SigV4 name (`authenticator`'s): the JSON 1.1 services.
    func authenticate(_ request: Request, payloadHash: String, with authenticator: Authenticator) throws -> Principal
    /// The services acting for `principal` in this request, on this thread's connection.
    func services(for principal: Principal, request: Request) -> ServiceContext
    /// The same for an operation that only reads: authorization inputs and package rows may come
    /// from the thread's caches, kept exact by the change counters read when the request was
    /// authenticated (what downloads use, so a control-plane download needs no query either).
    func readServices(for principal: Principal, request: Request) -> ServiceContext
}

/// The CodeArtifact REST-JSON API under `/v1/`, as botocore's model lays it out.
public enum ControlPlaneRoutes {
    /// Bodies of control-plane calls are small JSON documents (asset uploads have their own path).
    public static let bodyLimit = 8 * 1024 * 1024

    public static func register<Context: ControlPlaneContext>(into router: inout Router<Context>, settings: ControlPlaneSettings) {
        var registrar = OperationRegistrar<Context>(router: router, settings: settings)
        DomainOperations.register(&registrar)
        RepositoryOperations.register(&registrar)
        PackageGroupOperations.register(&registrar)
        PolicyOperations.register(&registrar)
        TagOperations.register(&registrar)
        PackageOperations.register(&registrar)
        VersionOperations.register(&registrar)
        BatchOperations.register(&registrar)
        PublishOperation.register(&registrar)
        TokenOperations.register(&registrar)
        GranaryUserOperations.register(&registrar)
        GranaryAccessOperations.register(&registrar)
        GranaryConnectionOperations.register(&registrar)
        router = registrar.router
    }
}

/// Adds operations to the router, each wrapped in: refuse an ambiguous query, read the body, verify
/// the signature, build the call.
public struct OperationRegistrar<Context: ControlPlaneContext> {
    var router: Router<Context>
    let settings: ControlPlaneSettings

    public typealias Handler = @Sendable (APICall) throws -> Response

    /// `repeatableQuery`: query parameters that are lists (see `UnambiguousQuery`).
    /// `readOnly`: the operation writes nothing (its services read through the thread's caches).
    mutating func add(_ method: String, _ path: String, repeatableQuery: Set<String> = [], readOnly: Bool = false, _ handler: @escaping Handler) {
        let settings = settings
        router.add(method, path, routeClass: "api") { request, context in
            try APIFailure.rendering {
                try UnambiguousQuery.check(request.query, repeatable: repeatableQuery)
                let body = try request.body.readAll(limit: ControlPlaneRoutes.bodyLimit)
                let principal = try context.authenticate(request, payloadHash: Hex.encode(Digest.hash(.sha256, body)))
                let services = readOnly ? context.readServices(for: principal, request: request) : context.services(for: principal, request: request)
                let call = APICall(request: request, body: body, services: services, settings: settings)
                return try handler(call)
            }
        }
    }

    /// For operations whose body is an upload: authenticated by the signed `x-amz-content-sha256`
    /// header, before the body is read; the handler streams the body.
    mutating func addStreaming(_ method: String, _ path: String, _ handler: @escaping Handler) {
        let settings = settings
        router.add(method, path, routeClass: "api") { request, context in
            try APIFailure.rendering { try Self.streamingCall(request, context, settings, handler) }
        }
    }

    private static func streamingCall(_ request: Request, _ context: Context, _ settings: ControlPlaneSettings, _ handler: Handler) throws
        -> Response
    {
        try UnambiguousQuery.check(request.query)
        guard let declared = request.headers["x-amz-content-sha256"], BlobRecord.isAddress(declared) else {
            // Who is asking comes first: an unsigned request hears that, a signed one what is wrong.
            if request.headers["Authorization"] == nil && request.query["X-Amz-Signature"] == nil {
                throw SigV4Error(.missingAuthenticationToken, "Missing Authentication Token")
            }
            throw APIError.validation("The x-amz-content-sha256 header must carry the SHA-256 (hex) of the body.")
        }
        let principal = try context.authenticate(request, payloadHash: declared)
        let call = APICall(request: request, body: [], services: context.services(for: principal, request: request), settings: settings)
        return try handler(call)
    }
}

/// JSON responses of the API.
enum APIResponse {
    static func json(_ value: some Encodable, status: Status = .ok) throws -> Response {
        try .encoded(value, status: status)
    }

    static func empty() -> Response { Response.json(.ok, Array("{}".utf8)) }
}
