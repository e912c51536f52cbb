import HTTP

/// What the operations routes need from a worker thread's context.
public protocol OperationsContext: SendableMetatype {
    /// One round trip to the database; throws when it is unreachable.
    func pingDatabase() throws
}

/// `/healthz` (the database answers, checked through nginx), `/livez` (the worker answers, no
/// database) and `/metrics` (Prometheus text, summed over every worker process).
public enum OperationsRoutes {
    public static func register<Context: OperationsContext>(into router: inout Router<Context>, metrics: Metrics) {
        router.add("GET", "/healthz", routeClass: "health") { _, context in
            do {
                try context.pingDatabase()
                return .json(.ok, Array(#"{"database":"ok","status":"ok"}"#.utf8))
            } catch {
                metrics.databaseError()
                return .json(.serviceUnavailable, Array(#"{"database":"unavailable","status":"unavailable"}"#.utf8))
            }
        }
        router.add("GET", "/livez", routeClass: "health") { _, _ in
            .text(.ok, "ok\n")
        }
        router.add("GET", "/metrics", routeClass: "metrics") { _, _ in
            .text(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
