/// An error that knows the response it becomes. Each edge (control plane, each package format,
/// operations) renders its own clients' error shape by conforming its errors to this.
public protocol ResponseError: Error {
    func response(requestID: String) -> Response
}

/// An edge's error response with a detail for the log that the client must not see (the
/// application logs it with the request id, then answers with `error`'s response).
public struct LoggedResponseError: ResponseError {
    public let error: any ResponseError
    public let logDetail: String

    public init(_ error: any ResponseError, logDetail: String) {
        self.error = error
        self.logDetail = logDetail
    }

    public func response(requestID: String) -> Response { error.response(requestID: requestID) }
}

/// Errors of the HTTP layer itself: bad paths, unknown routes, wrong methods, bad bodies.
public struct HTTPError: ResponseError, Equatable {
    public let status: Status
    public let message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public func response(requestID: String) -> Response {
        Response.json(status, Array(JSONText.object(["message": message, "requestId": requestID]).utf8))
    }

    public static func notFound(_ message: String = "No such resource.") -> HTTPError { HTTPError(.notFound, message) }
    public static func badRequest(_ message: String) -> HTTPError { HTTPError(.badRequest, message) }
}

/// Minimal JSON text for the few fixed error shapes of this layer (no Foundation needed here).
public enum JSONText {
    public static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public static func object(_ fields: KeyValuePairs<String, String>) -> String {
        "{" + fields.map { string($0.key) + ":" + string($0.value) }.joined(separator: ",") + "}"
    }
}
