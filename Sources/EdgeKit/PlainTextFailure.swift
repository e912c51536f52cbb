import HTTP

/// A failure in the shape clients that print the status line show (pip, twine, mvn, Gradle):
/// the message as the status line's reason phrase and as a plain-text body; 401 with a Basic
/// challenge, so a client that sends credentials only when asked (pip, Maven's GETs) retries
/// with them.
public struct PlainTextFailure: ResponseError {
    public let failure: ProtocolFailure

    public init(_ failure: ProtocolFailure) { self.failure = failure }

    public func response(requestID: String) -> Response {
        var response = Response.text(failure.statusWithReason, failure.message + "\n")
        if failure.isUnauthorized { response.headers.add("WWW-Authenticate", "Basic realm=\"granary\"") }
        return response
    }
}
