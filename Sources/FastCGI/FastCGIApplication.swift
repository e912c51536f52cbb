import HTTP

/// What a worker pool serves. One `Context` is made on each worker thread, by that thread, and
/// never leaves it (it holds the thread's database connection and other C-backed state).
public protocol FastCGIApplication: Sendable {
    associatedtype Context

    func makeContext(pool: String) -> Context

    /// Answers one request. Errors are the application's to render: this returns a response.
    func respond(to request: inout Request, context: Context) -> Response

    /// Answers a request whose FastCGI parameters could not be understood.
    func malformed(_ error: HTTPError, context: Context) -> Response
}
