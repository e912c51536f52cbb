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
                guard let domain = DomainEndpoint(segment: request.parameters["domain"] ?? "") else {
                    throw HTTPError.notFound("No such domain endpoint.")
                }
                let services = try context.services(for: request, domain: domain)
                let coordinate = try PackageService.coordinate(
                    format: "generic", namespace: request.query["namespace"], name: request.parameters["package"] ?? "")
                let (version, asset) = try PackageService(services).asset(
                    domain.reference, repository: request.parameters["repository"] ?? "", coordinate,
                    version: request.parameters["version"] ?? "", asset: request.parameters["asset"] ?? "", revision: nil,
                    action: .readFromRepository)
                try version.checkDownloadable(.generic, package: coordinate.name)
                return BlobDownload.response(
                    asset.blob, delivery: services.blobs.delivery(sha256: asset.blob.sha256), fileName: asset.name,
                    ifNoneMatch: request.headers["If-None-Match"])
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
