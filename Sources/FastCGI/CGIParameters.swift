/// nginx's CGI parameters in the order it sent them: its fastcgi_params, then one `HTTP_*` entry
/// per request header, in the client's order (a repeated header stays repeated).
struct CGIParameters {
    private(set) var entries: [(name: String, value: String)]

    init(_ entries: [(name: String, value: String)]) {
        self.entries = entries
    }

    /// The first value of a parameter (names are exact: `REQUEST_METHOD`, `HTTP_ACCEPT`).
    subscript(name: String) -> String? {
        entries.first { $0.name == name }?.value
    }
}
