import EdgeKit
import GranaryCore
import HTTP

/// Generic packages over plain HTTP with an authorization token (beyond CodeArtifact, whose
/// generic assets are reachable only through SigV4's GetPackageVersionAsset):
/// `GET {endpoint}{package}/{version}/{asset}[?namespace=NS]` under `/d/{domain}-{owner}/generic/{repo}/`,
/// so `curl -H "Authorization: Bearer $TOKEN"` (or `-u aws:$TOKEN`) downloads an asset.
public enum GenericRoutes {
    public static func register<Context: PackageProtocolContext>(into router: inout Router<Context>) {
        router.add("GET", "/d/:domain/generic/:repository/:package/:version/*asset", routeClass: PackageFormat.generic.routeClass) { request, context in
            try ProtocolFailure.rendering(GenericError.init) {
                try DownloadPipeline.serveOwn(request, context, try RepositoryEndpoint(request, format: .generic)) {
                    RequestedFile(
                        try PackageService.coordinate(format: "generic", namespace: request.query["namespace"], name: request.parameters["package"] ?? ""),
                        version: request.parameters["version"] ?? "", file: request.parameters["asset"] ?? "")
                }
            }
        }
    }
}

/// Errors of the generic endpoint: JSON `{"message"}` with the matching status; 401 carries a
/// Bearer challenge.
struct GenericError: ResponseError {
    let failure: ProtocolFailure

    init(_ failure: ProtocolFailure) { self.failure = failure }

    func response(requestID: String) -> Response {
        var response = HTTPError(failure.status, failure.message).response(requestID: requestID)
        if failure.isUnauthorized { response.headers.add("WWW-Authenticate", "Bearer realm=\"granary\"") }
        return response
    }
}
