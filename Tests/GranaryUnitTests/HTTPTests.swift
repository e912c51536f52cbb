import HTTP
import Testing

@Suite struct PathTests {
    @Test func decodesSegments() {
        #expect(PercentEncoding.segments(ofRawPath: "/npm/repo/@scope%2fname") == ["npm", "repo", "@scope/name"])
        #expect(PercentEncoding.segments(ofRawPath: "//a///b/") == ["a", "b"])
        #expect(PercentEncoding.segments(ofRawPath: "/") == [])
    }

    @Test(arguments: ["/a/../b", "/a/%2e%2e/b", "/a/%2E%2E", "/./a", "/a/%00b", "/a/%0a", "/a/%zz", "/a/%2", "relative", "/%ff%fe"])
    func rejectsDangerousPaths(_ path: String) {
        #expect(PercentEncoding.segments(ofRawPath: path) == nil)
    }

    @Test func queryParsing() {
        let query = Query("a=1&b=x%20y&c&a=2&d=p+q")
        // A repeated name has no single value: nil, and named by repeatedName.
        #expect(query["a"] == nil)
        #expect(query.repeatedName == "a")
        #expect(query.values("a") == ["1", "2"])
        #expect(query["b"] == "x y")
        #expect(query["c"] == "")
        #expect(query["d"] == "p q")
        #expect(query["missing"] == nil)
    }

    @Test func headersAreCaseInsensitive() {
        var headers = Headers([("Content-Type", "a")])
        #expect(headers["content-type"] == "a")
        headers.set("CONTENT-TYPE", "b")
        #expect(headers.values("Content-Type") == ["b"])
    }
}

@Suite struct RouterTests {
    func router() -> Router<Int> {
        var router = Router<Int>()
        router.add("GET", "/healthz", routeClass: "health") { _, _ in .text(.ok, "h") }
        router.add("GET", "/blobs/:sha", routeClass: "diag") { request, _ in .text(.ok, request.parameters["sha"] ?? "") }
        router.add("PUT", "/blobs", routeClass: "diag") { _, _ in .text(.created, "") }
        router.add("GET", "/files/*path", routeClass: "diag") { request, _ in .text(.ok, request.parameters["path"] ?? "") }
        return router
    }

    @Test func matchesParametersAndRest() throws {
        guard case .found(_, let parameters, let routeClass) = router().match(method: "GET", segments: ["blobs", "abc"]) else {
            Issue.record("no match")
            return
        }
        #expect(parameters == ["sha": "abc"])
        #expect(routeClass == "diag")
        guard case .found(_, let rest, _) = router().match(method: "GET", segments: ["files", "a", "b", "c.txt"]) else {
            Issue.record("no match")
            return
        }
        #expect(rest == ["path": "a/b/c.txt"])
    }

    @Test func routesStartingWithAParameterAreTriedInRegistrationOrder() {
        var router = Router<Int>()
        router.add("GET", "/fixed/one", routeClass: "a") { _, _ in .text(.ok, "") }
        router.add("GET", "/:any/one", routeClass: "b") { _, _ in .text(.ok, "") }
        router.add("GET", "/fixed/:x", routeClass: "c") { _, _ in .text(.ok, "") }
        router.add("POST", "/other/one", routeClass: "d") { _, _ in .text(.ok, "") }
        guard case .found(_, _, let first) = router.match(method: "GET", segments: ["fixed", "one"]),
            case .found(_, let parameters, let open) = router.match(method: "GET", segments: ["other", "one"]),
            case .found(_, _, let last) = router.match(method: "GET", segments: ["fixed", "two"]),
            case .methodNotAllowed(let allowed) = router.match(method: "DELETE", segments: ["other", "one"])
        else {
            Issue.record("unexpected match")
            return
        }
        #expect([first, open, last] == ["a", "b", "c"])
        #expect(parameters == ["any": "other"])
        #expect(Set(allowed) == ["GET", "POST"])
        guard case .notFound = router.match(method: "GET", segments: ["nothing"]) else {
            Issue.record("matched nothing")
            return
        }
    }

    @Test func headUsesGetAndWrongMethodIsReported() {
        guard case .found = router().match(method: "HEAD", segments: ["healthz"]) else {
            Issue.record("HEAD did not match GET")
            return
        }
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", segments: ["blobs"]) else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["PUT"])
        guard case .notFound = router().match(method: "GET", segments: ["blobs", "a", "b"]) else {
            Issue.record("expected 404")
            return
        }
    }

    @Test func bodiesReadWithLimit() throws {
        #expect(try BytesBody([1, 2, 3]).readAll(limit: 3) == [1, 2, 3])
        #expect(throws: BodyError.tooLarge(limit: 2)) { try BytesBody([1, 2, 3]).readAll(limit: 2) }
    }

    @Test func jsonTextEscapes() {
        #expect(JSONText.string("a\"b\\c\n\u{01}") == #""a\"b\\c\n\u0001""#)
    }
}
