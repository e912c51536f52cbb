import EdgeKit
import GranaryCore
import HTTP

/// PyPI repositories under `/d/{domain}-{owner}/pypi/{repository}/`, as pip and twine use them:
///
/// - `simple/` and `simple/{project}/`: the simple index (PEP 503 HTML, PEP 691 JSON by Accept)
///   with PEP 592/658/700/714 attributes. Project pages are rendered once per change and served
///   by nginx (X-Accel) after the token and policy check.
/// - `files/{project}/{version}/{file}`: distribution files, and `{file}.metadata` (PEP 658).
/// - `POST` at the endpoint itself (or `legacy/`): twine's upload.
public enum PyPIRoutes {
    public static func register<Context: PackageProtocolContext>(into router: inout Router<Context>) {
        let base = "/d/:domain/pypi/:repository"
        router.add("GET", base + "/simple", routeClass: PackageFormat.pypi.routeClass) { request, context in
            try respond(request) { try PyPIIndex.root(request, context) }
        }
        router.add("GET", base + "/simple/:project", routeClass: PackageFormat.pypi.routeClass) { request, context in
            try respond(request) { try PyPIIndex.project(request, context) }
        }
        router.add("GET", base + "/files/:project/:version/:file", routeClass: PackageFormat.pypi.routeClass) { request, context in
            try respond(request) { try PyPIFiles.download(request, context) }
        }
        for path in [base, base + "/legacy"] {
            router.add("POST", path, routeClass: PackageFormat.pypi.routeClass) { request, context in
                try respond(request) { try PyPIUpload.upload(&request, context) }
            }
        }
    }

    /// Every failure in the shape pip and twine print: the message as the status line's reason
    /// and as a plain-text body; 401 with a Basic challenge so pip asks for (or retries with)
    /// credentials.
    static func respond(_ request: Request, _ body: () throws -> Response) throws -> Response {
        try ProtocolFailure.rendering(PlainTextFailure.init, body)
    }
}

/// What a PyPI URL names beyond its repository endpoint (`RepositoryEndpoint`).
enum PyPIRequest {
    static func endpoint(_ request: Request) throws -> RepositoryEndpoint { try RepositoryEndpoint(request, format: .pypi) }

    /// The project a path names (any spelling: it is normalized where it is stored and authorized).
    static func coordinate(_ project: String) throws -> PackageCoordinate {
        guard Names.isPackageToken(project) else {
            throw ProtocolFailure(status: .badRequest, message: "\(project) is not a valid project name.")
        }
        return PackageCoordinate(format: .pypi, namespace: nil, name: project)
    }
}
