@testable import EventBridge
import GranaryCore
import Testing

/// EventBridge's ARNs, actions and the checks of members that are pure text.
@Suite struct EventsModelTests {
    @Test func arnsAreEventBridges() {
        #expect(EventsARN.eventBus(region: "us-east-1", account: "123456789012", name: "default")
            == "arn:aws:events:us-east-1:123456789012:event-bus/default")
        #expect(EventsARN.rule(region: "us-east-1", account: "123456789012", bus: "default", name: "r")
            == "arn:aws:events:us-east-1:123456789012:rule/r")
        #expect(EventsARN.rule(region: "us-east-1", account: "123456789012", bus: "orders", name: "r")
            == "arn:aws:events:us-east-1:123456789012:rule/orders/r")
        #expect(EventsARN.connection(region: "eu-west-1", account: "123456789012", name: "c", uuid: "u")
            == "arn:aws:events:eu-west-1:123456789012:connection/c/u")
        let parsed = EventsARN.parse("arn:aws:events:us-east-1:123456789012:api-destination/d/0000-1")
        #expect(parsed?.region == "us-east-1" && parsed?.account == "123456789012")
        #expect(parsed?.resourceType == "api-destination" && parsed?.path == ["d", "0000-1"])
        for bad in ["arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:events:us-east-1:12345:rule/r",
                    "arn:aws:events:us-east-1:123456789012:rule", "arn:aws:events::123456789012:rule/r", "rule/r"] {
            #expect(EventsARN.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func actionsAreQualifiedWithEvents() {
        #expect(EventsAction.allCases.allSatisfy { $0.qualified == "events:" + $0.rawValue })
        #expect(EventsAction.putRule.resource == .rule && EventsAction.putEvents.resource == .eventBus)
        #expect(EventsAction.listRules.resource == .eventBus && EventsAction.listConnections.resource == .any)
        #expect(EventsAction.invokeApiDestination.resource == .apiDestination)
    }

    @Test func invocationEndpointsAreHttpURLs() throws {
        for good in ["https://hooks.example/in", "http://10.0.0.1:8080/x?y=1", "https://a.example/*/b", "HTTPS://A.EXAMPLE"] {
            #expect(try InvocationEndpoint.validate(good) == good)
        }
        for bad in ["ftp://a.example/", "https://", "https://u:p@a.example/", "a.example/x", "https://a.example/a b",
                    "https://a.example/\u{e9}", String(repeating: "a", count: 2049)] {
            #expect(throws: ServiceError.self) { _ = try InvocationEndpoint.validate(bad) }
        }
    }

    @Test func httpParameterTextFollowsTheModelsPatterns() throws {
        try HttpParameterText.headerKey("X-Api_Key.1", "k")
        try HttpParameterText.headerValue("\tBearer abc ", "v")
        try HttpParameterText.authValue("user name", "u")
        for (check, text) in [(HttpParameterText.headerKey, "Bad Header"), (HttpParameterText.headerKey, ""),
                              (HttpParameterText.headerValue, "a\nb"), (HttpParameterText.headerValue, "   "),
                              (HttpParameterText.authValue, "a:b"), (HttpParameterText.authValue, "\u{7f}"),
                              (HttpParameterText.queryKey, "a\u{1}"), (HttpParameterText.queryValue, "a\u{0}"),
                              (HttpParameterText.authValue, String(repeating: "x", count: 513))] {
            #expect(throws: ServiceError.self) { try check(text, "m") }
        }
        try HttpParameterText.queryValue("line\nbreak", "q")
    }

    @Test func namesAndLimitsAreWordedAsAWSWordsThem() {
        #expect(throws: ServiceError.validation(
            "1 validation error detected: Value 'a b' at 'Name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                + EventsValidation.namePattern)) { _ = try EventsValidation.name("a b", "Name") }
        #expect(throws: ServiceError.validation(
            "1 validation error detected: Value null at 'Name' failed to satisfy constraint: Member must not be null")) {
            _ = try EventsValidation.name(nil, "Name")
        }
        #expect(throws: ServiceError.self) { _ = try EventsValidation.name(String(repeating: "a", count: 49), "ArchiveName", max: 48) }
        #expect(throws: ServiceError.self) { _ = try EventsValidation.range(0, "Limit", 1...100) }
        #expect((try? EventsValidation.name("a.b-c_D9", "Name")) == "a.b-c_D9")
    }

    @Test func anEventIsShapedAsEventBridgeShapesIt() throws {
        let json = EventEnvelope.json(
            id: "e-1", detailType: "T", source: "my.app", account: "123456789012", time: 1_772_600_767, region: "us-east-1",
            resources: ["arn:x"], detail: try .parse(#"{"b":1,"a":[true,null]}"#))
        #expect(json == #"{"version":"0","id":"e-1","detail-type":"T","source":"my.app","account":"123456789012","#
            + #""time":"2026-03-04T05:06:07Z","region":"us-east-1","resources":["arn:x"],"detail":{"b":1,"a":[true,null]}}"#)
    }

    @Test func connectionParametersHideTheirSecretValues() {
        let parameters = ConnectionHttpParameters(
            headerParameters: [.init(key: "X-A", value: "shown", isValueSecret: false), .init(key: "X-B", value: "hidden", isValueSecret: true)],
            queryStringParameters: [.init(key: "q", value: "s", isValueSecret: true)], bodyParameters: [])
        let shown = parameters.shown
        #expect(shown.headerParameters.map(\.value) == ["shown", nil] && shown.queryStringParameters.map(\.value) == [nil])
        #expect(shown.headerParameters.map(\.key) == ["X-A", "X-B"])
    }
}
