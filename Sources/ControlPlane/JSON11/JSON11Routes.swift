import FormatKit
import GranaryCore
import GranaryCrypto
import HTTP

/// `POST /` for every AWS JSON 1.1 service: the one place that reads `X-Amz-Target`, checks the
/// signature against the service's SigV4 name, reads the body as JSON and renders errors in the
/// protocol's shape (`JSON11Error`). Who is asking comes first (an unsigned request hears
/// MissingAuthenticationTokenException whatever it names), then which operation, then the body.
public enum JSON11Routes {
    public static func register<Context: ControlPlaneContext>(
        into router: inout Router<Context>, settings: ControlPlaneSettings, services: [JSON11Service<Context>]
    ) {
        let byPrefix = Dictionary(uniqueKeysWithValues: services.map { ($0.targetPrefix, $0) })
        router.add("POST", "/", routeClass: "api") { request, context in
            try respond(request, context, settings, byPrefix)
        }
    }

    static func respond<Context: ControlPlaneContext>(
        _ request: Request, _ context: Context, _ settings: ControlPlaneSettings, _ services: [String: JSON11Service<Context>]
    ) throws -> Response {
        do {
            return try call(request, context, settings, services)
        } catch let error as JSON11Error {
            throw error
        } catch let error as SigV4Error {
            let rendered = JSON11Error(error)
            guard let canonical = error.canonicalRequest else { throw rendered }
            // What botocore's debug log shows on its side, to compare when signatures disagree.
            throw LoggedResponseError(
                rendered, logDetail: "SigV4 refused: \(error); canonical request: \(canonical); string to sign: \(error.stringToSign ?? "-")")
        } catch BodyError.tooLarge(let limit) {
            throw JSON11Error("SerializationException", "The request body is larger than \(limit) bytes.", status: .payloadTooLarge)
        } catch BodyError.truncated {
            throw JSON11Error.serialization("The request body ended early.")
        }
    }

    private static func call<Context: ControlPlaneContext>(
        _ request: Request, _ context: Context, _ settings: ControlPlaneSettings, _ services: [String: JSON11Service<Context>]
    ) throws -> Response {
        if request.headers["Authorization"] == nil && request.query["X-Amz-Signature"] == nil {
            throw SigV4Error(.missingAuthenticationToken, "Missing Authentication Token")
        }
        let target = request.headers["X-Amz-Target"] ?? ""
        guard let dot = target.lastIndex(of: "."), let service = services[String(target[..<dot])] else {
            throw JSON11Error.unknownOperation(target)
        }
        let body = try request.body.readAll(limit: ControlPlaneRoutes.bodyLimit)
        let principal = try context.authenticate(request, payloadHash: Hex.encode(Digest.hash(.sha256, body)), with: service.authenticator)
        guard let operation = service.operations[String(target[target.index(after: dot)...])] else {
            throw JSON11Error.unknownOperation(target)
        }
        let contentType = (request.headers["Content-Type"] ?? "").split(separator: ";").first.map { String($0).lowercased() } ?? ""
        guard contentType.trimmed == JSON11Error.contentType else {
            throw JSON11Error.serialization("The Content-Type must be \(JSON11Error.contentType).")
        }
        let input = try JSON11Input(body: body)
        let services = operation.readOnly ? context.readServices(for: principal, request: request) : context.services(for: principal, request: request)
        let call = JSON11Call(
            request: request, operation: String(target[target.index(after: dot)...]), input: input, services: services, settings: settings)
        do {
            let output = try operation.handler(call, context)
            var response = Response.bytes(.ok, contentType: JSON11Error.contentType, OrderedJSON.object(output.object).serialized())
            response.headers.add("x-amzn-RequestId", request.requestID)
            return response
        } catch let error as ServiceError {
            throw service.errors(error)
        }
    }
}
