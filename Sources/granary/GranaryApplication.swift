import ControlPlane
import FastCGI
import GranaryCore
import HTTP
import Logging
import MariaDB
import Operations

/// The worker's request handling: route, run, render errors at the edge, count, log.
struct GranaryApplication: FastCGIApplication {
    let router: Router<WorkerContext>
    let configuration: GranaryConfiguration
    let shared: SharedServices
    let metrics: Metrics
    let logger: Logger

    func makeContext(pool: String) -> WorkerContext {
        metrics.threadStarted(pool: pool)
        return WorkerContext(pool: pool, configuration: configuration, shared: shared)
    }

    func respond(to request: inout Request, context: WorkerContext) -> Response {
        let started = monotonicSeconds()
        metrics.requestStarted(pool: context.pool)
        defer { metrics.requestFinished(pool: context.pool) }
        var routeClass = "other"
        let response: Response
        switch router.match(method: request.method, segments: request.segments) {
        case .found(let handler, let parameters, let matchedClass):
            routeClass = matchedClass
            request.parameters = parameters
            do {
                response = try handler(&request, context)
            } catch {
                response = render(error, request: request)
            }
        case .methodNotAllowed(let allowed):
            var rejection = HTTPError(.methodNotAllowed, "\(request.method) is not allowed here.").response(requestID: request.requestID)
            rejection.headers.add("Allow", allowed.joined(separator: ", "))
            response = rejection
        case .notFound:
            response = HTTPError.notFound("No route for \(request.path).").response(requestID: request.requestID)
        }
        metrics.recordRequest(routeClass: routeClass, status: response.status.code, seconds: monotonicSeconds() - started)
        return response
    }

    func malformed(_ error: HTTPError, context: WorkerContext) -> Response {
        metrics.recordRequest(routeClass: "malformed", status: error.status.code, seconds: 0)
        logger.notice("malformed FastCGI request: \(error.message)")
        return error.response(requestID: "")
    }

    /// Status codes are decided here, at the edge (errors that know their response — every edge's
    /// own, and ServiceError in CodeArtifact's envelope — render themselves). A 500 never echoes
    /// internals: the log has them.
    private func render(_ error: Error, request: Request) -> Response {
        var log = logger
        log[metadataKey: "request_id"] = "\(request.requestID)"
        switch error {
        case let error as SigV4Error:
            // What botocore's debug log shows on its side, to compare when signatures disagree.
            log.notice("SigV4 refused \(request.method) \(request.rawPath): \(error)", metadata: [
                "canonical_request": "\(error.canonicalRequest ?? "-")", "string_to_sign": "\(error.stringToSign ?? "-")",
            ])
            return error.response(requestID: request.requestID)
        case let error as LoggedResponseError:
            let response = error.response(requestID: request.requestID)
            log.warning("\(request.method) \(request.path) answered \(response.status.code): \(error.logDetail)")
            return response
        case let error as ResponseError:
            return error.response(requestID: request.requestID)
        case BlobStoreError.tooLarge(let limit):
            return BodyError.tooLarge(limit: limit).response(requestID: request.requestID)
        case let error as MariaDBError:
            metrics.databaseError()
            log.error("database error on \(request.method) \(request.path): \(error)")
            let status: Status = error.isConnectionLost ? .serviceUnavailable : .internalServerError
            return HTTPError(status, "The service could not complete the request (request id \(request.requestID)).")
                .response(requestID: request.requestID)
        default:
            log.error("error on \(request.method) \(request.path): \(error)")
            return HTTPError(.internalServerError, "The service could not complete the request (request id \(request.requestID)).")
                .response(requestID: request.requestID)
        }
    }
}
