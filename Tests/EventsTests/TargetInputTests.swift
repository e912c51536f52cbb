import FormatKit
import Testing

@testable import Events

/// The EC2 event of EventBridge's input-transformation page.
let transformEvent = try! OrderedJSON.parse(#"""
    {"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "EC2 Instance State-change Notification",
     "source": "aws.ec2", "account": "123456789012", "time": "2015-11-11T21:29:54Z", "region": "us-east-1",
     "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
     "detail": {"instance-id": "i-0123456789", "state": "RUNNING"}}
    """#)

let exampleContext = TargetInputContext(
    ruleArn: "arn:aws:events:us-east-2:123456789012:rule/example", ruleName: "example", ingestionTime: "2015-11-11T21:29:55Z")

func rendered(_ input: TargetInput, _ event: OrderedJSON = transformEvent) -> String {
    String(decoding: input.render(event, context: exampleContext), as: UTF8.self)
}

@Suite("Input, InputPath and the whole event")
struct TargetInputTests {
    @Test("No input given: the whole event")
    func wholeEvent() {
        #expect(TargetInput.wholeEvent.render(transformEvent, context: exampleContext) == transformEvent.serialized())
    }

    @Test("Input: constant JSON text, delivered verbatim")
    func constant() throws {
        let text = "{ \"a\" : [1, 2.50, \"x\"] }\n"
        #expect(rendered(try .constant(text)) == text)
        #expect(rendered(try .constant("\"just a string\"")) == "\"just a string\"")
        #expect(rendered(try .constant("42")) == "42")
    }

    @Test("Input must be JSON of at most 8192 characters")
    func constantRefused() {
        for bad in ["", "{", "not json", "{'a': 1}", "[1,]"] {
            #expect(throws: TargetInputError.self, "\(bad)") { try TargetInput.constant(bad) }
        }
        #expect(throws: TargetInputError("Input must be at most 8192 characters long.")) {
            try TargetInput.constant("\"" + String(repeating: "x", count: 8191) + "\"")
        }
        #expect(throws: Never.self) { try TargetInput.constant("\"" + String(repeating: "x", count: 8190) + "\"") }
    }

    @Test("InputPath: the JSON of what it selects")
    func path() throws {
        #expect(rendered(try .path("$.detail")) == #"{"instance-id":"i-0123456789","state":"RUNNING"}"#)
        #expect(rendered(try .path("$.detail.state")) == #""RUNNING""#)
        #expect(rendered(try .path("$.resources[0]")) == #""arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111""#)
        #expect(rendered(try .path("$")) == String(decoding: transformEvent.serialized(), as: UTF8.self))
        #expect(rendered(try .path("$.resources[*]")) == #"["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"]"#)
    }

    @Test("InputPath that selects nothing delivers null")
    func pathMissing() throws {
        #expect(rendered(try .path("$.detail.notinmessage")) == "null")
        #expect(rendered(try .path("$.detail.*.x")) == "[]")
    }

    @Test("InputPath must be a JSONPath EventBridge accepts")
    func pathRefused() {
        #expect(throws: TargetInputError(#"InputPath "detail" is not a valid JSON path: it must start with '$'."#)) {
            try TargetInput.path("detail")
        }
        #expect(throws: TargetInputError.self) { try TargetInput.path("$..x") }
    }

    @Test("A bounded render refuses a body over the limit")
    func bounded() throws {
        let input = try TargetInput.transformer(pathsMap: [:], template: #"{"a": <aws.events.event.json>, "b": <aws.events.event.json>}"#)
        let size = input.render(transformEvent, context: exampleContext).count
        #expect(input.render(transformEvent, context: exampleContext, maximumBytes: size)?.count == size)
        #expect(input.render(transformEvent, context: exampleContext, maximumBytes: size - 1) == nil)
        #expect(TargetInput.wholeEvent.render(transformEvent, context: exampleContext, maximumBytes: 10) == nil)
    }
}
