import EdgeKit
import FormatKit
import GranaryCore
import HTTP

/// npm registries under `/d/{domain}-{owner}/npm/{repository}/`, as the npm CLI uses them:
/// packuments (full and abbreviated; rendered once per change and served by nginx), tarballs,
/// publish, deprecate and unpublish (PUTs of the packument, DELETEs with `-rev`), dist-tags,
/// ping and whoami. Every request is authorized with the token npm sends (`Bearer`).
public enum NpmRoutes {
    public static func register<Context: PackageProtocolContext>(into router: inout Router<Context>) {
        let pattern = "/d/:domain/npm/:repository/*path"
        for method in ["GET", "PUT", "DELETE"] {
            router.add(method, pattern, routeClass: PackageFormat.npm.routeClass) { request, context in
                try ProtocolFailure.rendering(NpmFailure.init) {
                    let target = try NpmRequest(request)
                    switch (request.method == "HEAD" ? "GET" : request.method, target.path) {
                    case ("GET", .ping): return try NpmReads.ping(request, target, context)
                    case ("GET", .whoami): return try NpmReads.whoami(request, target, context)
                    case ("GET", .package(let name, nil)): return try NpmReads.packument(request, target, name, context)
                    case ("GET", .tarball(let name, let file, nil)): return try NpmReads.tarball(request, target, name, file, context)
                    case ("GET", .distTags(let name)): return try NpmReads.distTags(request, target, name, context)
                    case ("PUT", .package(let name, _)): return try NpmWrites.put(&request, target, name, context)
                    case ("DELETE", .package(let name, _)): return try NpmWrites.deletePackage(request, target, name, context)
                    case ("DELETE", .tarball(let name, let file, _)): return try NpmWrites.deleteTarball(request, target, name, file, context)
                    case ("PUT", .distTag(let name, let tag)): return try NpmWrites.setDistTag(&request, target, name, tag, context)
                    case ("DELETE", .distTag(let name, let tag)): return try NpmWrites.removeDistTag(request, target, name, tag, context)
                    default: throw ProtocolFailure(status: .notFound, message: "No such npm registry resource: \(request.method) \(request.path).")
                    }
                }
            }
        }
    }
}

/// The pieces of an npm URL every handler reads.
struct NpmRequest {
    let endpoint: RepositoryEndpoint
    let path: NpmPath

    var domain: DomainEndpoint { endpoint.domain }
    var repository: String { endpoint.repository }

    init(_ request: Request) throws {
        endpoint = try RepositoryEndpoint(request, format: .npm)
        let prefix = RepositoryEndpoint.segmentCount
        guard request.segments.count > prefix, let path = NpmPath(Array(request.segments[prefix...])) else {
            throw ProtocolFailure(status: .notFound, message: "No such npm registry resource: \(request.path).")
        }
        self.path = path
    }

    /// The registry's own URL as the client reached it: tarball URLs in packuments start here,
    /// so npm sends its token with them (it scopes `_authToken` to this prefix).
    func registryURL(_ request: Request) -> String { endpoint.url(for: request) }

    static func name(_ segments: [String], validation: NpmPackageName.Validation = .existing) throws -> NpmPackageName {
        try NpmPackageName(pathSegments: segments, validation: validation)
    }
}


/// Errors as npm prints them: `{"error": message}`; 401 with a Bearer challenge.
struct NpmFailure: ResponseError {
    let failure: ProtocolFailure

    init(_ failure: ProtocolFailure) { self.failure = failure }

    func response(requestID: String) -> Response {
        var response = Response.json(failure.status, NpmError.body(message: failure.message))
        if failure.isUnauthorized { response.headers.add("WWW-Authenticate", "Bearer realm=\"granary\"") }
        return response
    }
}

enum NpmResponses {
    static func json(_ status: Status, _ value: OrderedJSON) -> Response {
        Response.json(status, value.serialized())
    }

    static func ok() -> Response { json(.ok, OrderedJSON.object(OrderedJSONObject([("ok", .bool(true))]))) }
}
