/// Maps method + path to a handler. Patterns are literal segments, `:name` (one segment) and a
/// final `*name` (the rest, "/"-joined). Built once at start-up, then shared read-only by every
/// worker thread; each thread passes its own `Context` (its database connection and the like).
public struct Router<Context>: Sendable {
    public typealias Handler = @Sendable (inout Request, Context) throws -> Response

    struct Route: Sendable {
        let method: String
        let pattern: [Segment]
        let routeClass: String
        let handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    public enum Match {
        case found(handler: Handler, parameters: [String: String], routeClass: String)
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var routes: [Route] = []
    /// Route indexes by their first literal segment ("" for a pattern that starts with a
    /// parameter): a request is tried against its own first segment's routes only, in order.
    private var byFirstSegment: [String: [Int]] = [:]
    /// Routes whose pattern is literal throughout (most of the API's), by their whole path: found
    /// with one lookup instead of being compared one by one.
    private var byLiteralPath: [String: [Int]] = [:]

    public init() {}

    /// `routeClass` groups routes for metrics ("health", "diag", "npm", …).
    public mutating func add(_ method: String, _ pattern: String, routeClass: String, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/").map { piece -> Segment in
            if piece.hasPrefix(":") { return .parameter(String(piece.dropFirst())) }
            if piece.hasPrefix("*") { return .rest(String(piece.dropFirst())) }
            return .literal(String(piece))
        }
        routes.append(Route(method: method.uppercased(), pattern: segments, routeClass: routeClass, handler: handler))
        let literals = segments.compactMap { segment -> String? in if case .literal(let text) = segment { text } else { nil } }
        if literals.count == segments.count {
            byLiteralPath[literals.joined(separator: "/"), default: []].append(routes.count - 1)
        } else if case .literal(let first)? = segments.first {
            byFirstSegment[first, default: []].append(routes.count - 1)
        } else {
            byFirstSegment["", default: []].append(routes.count - 1)
        }
    }

    /// Every route as (method, pattern, route class), in registration order: for the route table
    /// that tests walk (each route must refuse an unauthorized caller) and the API description.
    public var table: [(method: String, pattern: String, routeClass: String)] {
        routes.map { route in
            let pattern = route.pattern.map { segment -> String in
                switch segment {
                case .literal(let text): text
                case .parameter(let name): ":" + name
                case .rest(let name): "*" + name
                }
            }
            return (route.method, "/" + pattern.joined(separator: "/"), route.routeClass)
        }
    }

    /// The quick test every route gets, with no allocation: the literal segments and the count.
    static func matches(_ pattern: [Segment], _ segments: [String]) -> Bool {
        for index in pattern.indices {
            switch pattern[index] {
            case .literal(let text):
                guard index < segments.count, segments[index] == text else { return false }
            case .parameter:
                guard index < segments.count else { return false }
            case .rest:
                return index < segments.count
            }
        }
        return pattern.count == segments.count
    }

    /// HEAD is answered by the GET route; the server drops the body.
    public func match(method: String, segments: [String]) -> Match {
        let wanted = method == "HEAD" ? "GET" : method
        var allowed: [String] = []
        let exact = byLiteralPath[segments.joined(separator: "/")] ?? []
        let literal = segments.first.flatMap { byFirstSegment[$0] } ?? []
        let open = byFirstSegment[""] ?? []
        let candidates = open.isEmpty && exact.isEmpty ? literal : (exact + literal + open).sorted()
        // The method is compared first, so only the route that answers binds its parameters.
        for index in candidates where routes[index].method == wanted {
            let route = routes[index]
            guard let parameters = Self.bind(route.pattern, segments) else { continue }
            return .found(handler: route.handler, parameters: parameters, routeClass: route.routeClass)
        }
        for index in candidates where Self.matches(routes[index].pattern, segments) {
            allowed.append(routes[index].method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    static func bind(_ pattern: [Segment], _ segments: [String]) -> [String: String]? {
        guard matches(pattern, segments) else { return nil }
        var parameters: [String: String] = [:]
        for (index, part) in pattern.enumerated() {
            switch part {
            case .literal(let text):
                guard index < segments.count, segments[index] == text else { return nil }
            case .parameter(let name):
                guard index < segments.count else { return nil }
                parameters[name] = segments[index]
            case .rest(let name):
                guard index < segments.count else { return nil }
                parameters[name] = segments[index...].joined(separator: "/")
                return parameters
            }
        }
        return pattern.count == segments.count ? parameters : nil
    }
}
