import EdgeKit
import GranaryCore
import HTTP

/// Generic packages over plain HTTP with an authorization token (beyond CodeArtifact, whose
/// generic assets are reachable only through SigV4's GetPackageVersionAsset):
/// `GET {endpoint}{package}/{version}/{asset}[?namespace=NS]` under `/d/{domain}-{owner}/generic/{repo}/`,
/// so `curl -H "Authorization: Bearer $TOKEN"` (or `-u aws:$TOKEN`) downloads an asset.
public enum GenericRoutes {
    public static func register<Context: PackageProtocolContext>(into router: inout Router<Context>) {
        router.add("GET", "/d/:domain/generic/:repository/:package/:version/*asset", routeClass: "package") { request, context in
            do {
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
                guard version.status != .archived else {
                    throw ServiceError.notFound("Version \(version.version) is archived.", id: version.version, type: "package-version")
                }
                return BlobDownload.response(
                    asset.blob, delivery: services.blobs.delivery(sha256: asset.blob.sha256), fileName: asset.name,
                    ifNoneMatch: request.headers["If-None-Match"])
            } catch let error as TokenRejection {
                throw GenericError.unauthorized(error.description)
            } catch let error as ServiceError {
                throw GenericError(error)
            }
        }
    }
}

/// Errors of the generic endpoint: JSON `{"message"}` with the matching status; 401 carries a
/// Bearer challenge.
struct GenericError: ResponseError {
    let status: Status
    let message: String

    init(_ error: ServiceError) {
        switch error.kind {
        case .accessDenied: status = .forbidden
        case .resourceNotFound: status = .notFound
        case .validation: status = .badRequest
        default: status = .internalServerError
        }
        message = error.message
    }

    init(status: Status, message: String) {
        self.status = status
        self.message = message
    }

    static func unauthorized(_ message: String) -> GenericError { GenericError(status: .unauthorized, message: message) }

    func response(requestID: String) -> Response {
        var response = HTTPError(status, message).response(requestID: requestID)
        if status == .unauthorized { response.headers.add("WWW-Authenticate", "Bearer realm=\"granary\"") }
        return response
    }
}
