@testable import ControlPlane
import GranaryCore
import Testing

@Suite struct PageTokenTests {
    let tokens = PageToken(key: Array("k".utf8))

    @Test func roundTripsWithinItsScope() throws {
        let token = tokens.make(cursor: "repo-α/17", scope: "ListRepositories")
        #expect(try tokens.cursor(of: token, scope: "ListRepositories") == "repo-α/17")
        #expect(try tokens.cursor(of: nil, scope: "ListRepositories") == nil)
        #expect(!token.contains("+") && !token.contains("/") && !token.contains("="))
    }

    @Test func refusesForgedReplayedOrForeignTokens() {
        let token = tokens.make(cursor: "a", scope: "ListDomains")
        #expect(throws: APIError.self) { try tokens.cursor(of: token, scope: "ListRepositories") }
        #expect(throws: APIError.self) { try PageToken(key: Array("other".utf8)).cursor(of: token, scope: "ListDomains") }
        #expect(throws: APIError.self) { try tokens.cursor(of: "YQ." + String(repeating: "0", count: 32), scope: "ListDomains") }
        #expect(throws: APIError.self) { try tokens.cursor(of: "garbage", scope: "ListDomains") }
    }
}

@Suite struct APIErrorTests {
    @Test func restJSONEnvelope() {
        let response = APIError(ServiceError.conflict("exists", id: "d", type: "domain")).response(requestID: "rid")
        #expect(response.status.code == 409)
        #expect(response.headers["x-amzn-ErrorType"] == "ConflictException")
        guard case .bytes(let body) = response.body else {
            Issue.record("no body")
            return
        }
        #expect(String(decoding: body, as: UTF8.self) == #"{"message":"exists","resourceId":"d","resourceType":"domain"}"#)
        #expect(APIError.status(of: .serviceQuotaExceeded).code == 402)
        #expect(APIError.status(of: .throttling).code == 429)
    }
}
