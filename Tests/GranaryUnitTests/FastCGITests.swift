@testable import FastCGI
import HTTP
import Testing

@Suite struct RequestDecodingTests {
    func decode(_ parameters: [String: String]) throws(HTTPError) -> Request {
        try decode(parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) })
    }

    func decode(_ entries: [(name: String, value: String)]) throws(HTTPError) -> Request {
        try RequestDecoding.decode(CGIParameters(entries)) { _ in BytesBody() }
    }

    @Test func decodesATypicalRequest() throws {
        let request = try decode([
            "REQUEST_METHOD": "GET", "REQUEST_URI": "/npm/r/@s%2fpkg?write=true", "QUERY_STRING": "write=true",
            "HTTP_ACCEPT_ENCODING": "gzip", "HTTP_AUTHORIZATION": "Bearer x", "HTTPS": "on", "REMOTE_ADDR": "127.0.0.1",
            "REQUEST_ID": "abc", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "",
        ])
        #expect(request.method == "GET")
        #expect(request.rawPath == "/npm/r/@s%2fpkg")
        #expect(request.segments == ["npm", "r", "@s/pkg"])
        #expect(request.query["write"] == "true")
        #expect(request.headers["Accept-Encoding"] == "gzip")
        #expect(request.headers["authorization"] == "Bearer x")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.isSecure)
        #expect(request.requestID == "abc")
    }

    @Test func rejectsMalformedParameters() {
        #expect(throws: HTTPError.self) { try decode(["REQUEST_URI": "/x"]) }
        #expect(throws: HTTPError.self) { try decode(["REQUEST_METHOD": "BREW", "REQUEST_URI": "/x"]) }
        #expect(throws: HTTPError.self) { try decode(["REQUEST_METHOD": "GET"]) }
        #expect(throws: HTTPError.self) { try decode(["REQUEST_METHOD": "PUT", "REQUEST_URI": "/x", "CONTENT_LENGTH": "12a"]) }
        #expect(throws: HTTPError.self) { try decode(["REQUEST_METHOD": "PUT", "REQUEST_URI": "/x", "CONTENT_LENGTH": "-1"]) }
        #expect(throws: HTTPError.self) { try decode(["REQUEST_METHOD": "GET", "REQUEST_URI": "/a/%2e%2e/etc"]) }
    }

    @Test func contentHeadersAreNotDoubled() throws {
        let request = try decode([
            "REQUEST_METHOD": "POST", "REQUEST_URI": "/v1/domain", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "2",
            "HTTP_CONTENT_TYPE": "application/json", "HTTP_CONTENT_LENGTH": "2",
        ])
        #expect(request.headers.values("Content-Type") == ["application/json"])
        #expect(request.headers.values("Content-Length") == ["2"])
    }

    @Test func cgiHeaderNames() {
        #expect(RequestDecoding.headerName(fromCGI: "X_AMZ_CONTENT_SHA256") == "X-Amz-Content-Sha256")
        #expect(RequestDecoding.headerName(fromCGI: "HTTP_IF_NONE_MATCH") == "If-None-Match")
        #expect(RequestDecoding.headerName(fromCGI: "HTTP_X_1A__B") == "X-1a--B")
    }

    @Test func headersKeepTheClientsOrderAndRepeats() throws {
        let request = try decode([
            (name: "REQUEST_METHOD", value: "GET"), (name: "REQUEST_URI", value: "/x"), (name: "HTTP_X_B", value: "1"),
            (name: "HTTP_ACCEPT", value: "a"), (name: "HTTP_X_B", value: "2"),
        ])
        #expect(request.headers.fields.map(\.name) == ["X-B", "Accept", "X-B"])
        #expect(request.headers.values("x-b") == ["1", "2"])
        #expect(request.headers["X-b"] == "1")
    }

    @Test func responseSplittingHeadersAreDropped() {
        #expect(FastCGIExchange.isSafeHeader("X-A", "b"))
        #expect(!FastCGIExchange.isSafeHeader("X-A", "b\r\nSet-Cookie: x"))
        #expect(!FastCGIExchange.isSafeHeader("X A", "b"))
    }
}
