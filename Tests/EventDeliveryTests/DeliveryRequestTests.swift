import Foundation
import FormatKit
import GranaryCore
import GranaryCrypto
import Testing

@testable import EventDelivery

@Suite("delivery request")
struct DeliveryRequestTests {
    let destination = ApiDestination(
        id: 1, accountId: "111122223333", name: "hook", uuid: "u-1", description: nil, connectionId: 2, connectionName: "c",
        connectionUUID: "cu", invocationEndpoint: "https://hooks.example/a/*/b/*", httpMethod: "POST", rateLimitPerSecond: 10)

    func delivery(body: String = #"{"id":"e1"}"#, http: EventTarget.HttpParameters? = nil, attempts: Int = 0) -> PendingDelivery {
        PendingDelivery(
            id: 9,
            route: DeliveryRoute(
                accountId: "111122223333", eventUUID: "e1", ruleName: "r", targetId: "t", destinationArn: "arn", httpParameters: http,
                replayName: nil, body: body),
            attempts: attempts, maxRetries: 185, eventTime: 0, secondsToExpiry: 100)
    }

    func connection(_ kind: EventConnection.Authorization, name: String) -> EventConnection {
        EventConnection(id: 2, accountId: "111122223333", name: "c", uuid: "cu", description: nil, authorization: kind,
            authorizationName: name, httpParameters: nil)
    }

    func header(_ request: DeliveryRequest, _ name: String) -> String? {
        request.headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test("Path values fill the endpoint's stars, query parameters are escaped, the connection's win on a shared key")
    func urlAndParameters() {
        let http = EventTarget.HttpParameters(
            pathParameterValues: ["x y", "z/w"], headerParameters: ["X-Team": "t", "X-Both": "target"],
            queryStringParameters: ["q": "a&b", "shared": "target"])
        let secrets = EventConnectionSecrets(
            secret: "pw",
            httpParameters: ConnectionHttpParameters(
                headerParameters: [.init(key: "X-Both", value: "connection", isValueSecret: false)],
                queryStringParameters: [.init(key: "shared", value: "connection", isValueSecret: true)],
                bodyParameters: [.init(key: "extra", value: "1", isValueSecret: false)]))
        let request = DeliveryRequest(
            delivery: delivery(http: http), destination: destination, connection: connection(.basic, name: "user"), secrets: secrets,
            signingSecret: nil, now: 0)
        #expect(request.url == "https://hooks.example/a/x%20y/b/z%2Fw?q=a%26b&shared=connection")
        #expect(header(request, "X-Team") == "t")
        #expect(header(request, "X-Both") == "connection")
        #expect(request.headers.filter { $0.name == "X-Both" }.count == 1)
        #expect(header(request, "Authorization") == "Basic dXNlcjpwdw==")
        #expect(header(request, "Content-Type") == "application/json; charset=utf-8")
        #expect(header(request, "X-Granary-Event-Id") == "e1")
        #expect(header(request, DeliveryRequest.signatureHeader) == nil)
        #expect(String(decoding: request.body ?? [], as: UTF8.self) == #"{"id":"e1","extra":"1"}"#)
    }

    @Test("An API key connection sends its header; GET sends no body")
    func apiKeyAndGet() {
        var get = destination
        get.httpMethod = "GET"
        get.invocationEndpoint = "https://hooks.example/in?fixed=1"
        let request = DeliveryRequest(
            delivery: delivery(http: .init(pathParameterValues: [], headerParameters: [:], queryStringParameters: ["k": "v"]), attempts: 2),
            destination: get, connection: connection(.apiKey, name: "X-Api-Key"), secrets: EventConnectionSecrets(secret: "k3y", httpParameters: nil),
            signingSecret: nil, now: 0)
        #expect(request.url == "https://hooks.example/in?fixed=1&k=v")
        #expect(request.body == nil)
        #expect(header(request, "X-Api-Key") == "k3y")
        #expect(header(request, "Authorization") == nil)
        #expect(header(request, "X-Granary-Delivery-Attempt") == "3")
    }

    @Test("The signature is HMAC-SHA256 of the timestamp, a dot and the body sent")
    func signature() {
        let secret = DestinationSigningSecret(bytes: Array(repeating: 7, count: 32))
        let request = DeliveryRequest(
            delivery: delivery(), destination: destination, connection: connection(.basic, name: "u"),
            secrets: EventConnectionSecrets(secret: "p", httpParameters: nil), signingSecret: secret, now: 1_700_000_000.9)
        let expected = Hex.encode(HMAC.sha256(key: secret.bytes, message: Array(#"1700000000.{"id":"e1"}"#.utf8)))
        #expect(header(request, DeliveryRequest.signatureHeader) == "t=1700000000,v1=" + expected)
        #expect(secret.text.hasPrefix("whsec_") && secret.text.count == 6 + 64)
    }

    @Test("A stored parameter cannot smuggle a header line")
    func headerInjection() {
        let http = EventTarget.HttpParameters(pathParameterValues: [], headerParameters: ["X-Bad": "a\r\nX-Evil: 1"], queryStringParameters: [:])
        let request = DeliveryRequest(
            delivery: delivery(http: http), destination: destination, connection: connection(.basic, name: "u"),
            secrets: EventConnectionSecrets(secret: "p", httpParameters: nil), signingSecret: nil, now: 0)
        #expect(header(request, "X-Bad") == nil)
    }
}

@Suite("routing")
struct EventRouterTests {
    @Test("An outbox event goes to the domain owner's bus and to the repository administrator's when it is another account")
    func receivers() throws {
        let router = EventRouter(region: "us-east-1")
        let body = #"{"account":"111111111111","detail":{"domainOwner":"111111111111","repositoryAdministrator":"222222222222"},"detail-type":"CodeArtifact Package Version State Change","id":"e1","region":"us-east-1","resources":["arn"],"source":"aws.codeartifact","time":"t","version":"0"}"#
        let events = router.busEvents(OutboxEntry(id: 1, uuid: "e1", detailType: "CodeArtifact Package Version State Change", body: body))
        #expect(events.map(\.accountId) == ["111111111111", "222222222222"])
        #expect(events.allSatisfy { $0.busName == "default" && $0.uuid == "e1" && $0.source == "aws.codeartifact" })
        let keys = try OrderedJSON.parse(events[0].body).objectValue?.keys
        #expect(keys == ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"])
        let same = body.replacingOccurrences(of: "222222222222", with: "111111111111")
        #expect(router.busEvents(OutboxEntry(id: 2, uuid: "e2", detailType: "x", body: same)).count == 1)
    }

    @Test("Only matching rules get deliveries, one per target, with the target's input applied")
    func matching() throws {
        let router = EventRouter(region: "us-east-1")
        func rule(_ name: String, _ pattern: String, _ targets: [EventTarget]) -> RoutableRule {
            RoutableRule(
                rule: EventRule(id: 1, accountId: "111111111111", busName: "default", name: name, eventPattern: pattern, state: .enabled,
                    description: nil, roleArn: nil),
                targets: targets)
        }
        let whole = EventTarget(id: "w", arn: "arn:w", roleArn: nil, input: .wholeEvent, httpParameters: nil, retryPolicy: nil)
        let shaped = EventTarget(
            id: "s", arn: "arn:s", roleArn: nil, input: .transformer(pathsMap: ["n": "$.detail.packageName"], template: #"{"name": <n>, "rule": <aws.events.rule-name>}"#),
            httpParameters: nil, retryPolicy: .init(maximumRetryAttempts: 3, maximumEventAgeSeconds: 60))
        let rules = [
            rule("npm", #"{"detail": {"packageFormat": ["npm"]}}"#, [whole, shaped]),
            rule("pypi", #"{"detail": {"packageFormat": ["pypi"]}}"#, [whole]),
        ]
        let body = #"{"id":"e1","detail":{"packageFormat":"npm","packageName":"left-pad"}}"#
        let event = BusEvent(sequence: 5, accountId: "111111111111", busName: "default", uuid: "e1", source: "s", detailType: "d",
            body: body, createdAt: 1000)
        let deliveries = router.deliveries(of: event, parsed: try OrderedJSON.parse(body), rules: rules, replayName: nil)
        #expect(deliveries.map(\.targetId) == ["w", "s"])
        #expect(deliveries[0].body == body)
        #expect(deliveries[0].maxRetries == 185 && deliveries[0].maxAgeSeconds == 86400)
        #expect(deliveries[1].body == #"{"name": "left-pad", "rule": "npm"}"#)
        #expect(deliveries[1].maxRetries == 3 && deliveries[1].maxAgeSeconds == 60)
    }

    @Test("A body over the bound is not dropped: its delivery is written dead, with the reason")
    func oversize() throws {
        let router = EventRouter(region: "us-east-1", maximumBodyBytes: 16)
        let rule = RoutableRule(
            rule: EventRule(id: 1, accountId: "111111111111", busName: "default", name: "all", eventPattern: #"{"source": ["s"]}"#,
                state: .enabled, description: nil, roleArn: nil),
            targets: [EventTarget(id: "w", arn: "arn:w", roleArn: nil, input: .wholeEvent, httpParameters: nil, retryPolicy: nil)])
        let body = #"{"source":"s","detail":{"long":"0123456789abcdef"}}"#
        let event = BusEvent(sequence: 1, accountId: "111111111111", busName: "default", uuid: "e", source: "s", detailType: "d",
            body: body, createdAt: 0)
        let deliveries = router.deliveries(of: event, parsed: try OrderedJSON.parse(body), rules: [rule], replayName: nil)
        #expect(deliveries.count == 1)
        #expect(deliveries[0].deadReason == "the target's input made a body over 16 bytes")
    }
}
