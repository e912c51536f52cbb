import FormatKit
import Testing

@testable import Events

@Suite("InputTransformer")
struct InputTransformerTests {
    let documentedPaths = [
        "timestamp": "$.time", "instance": "$.detail.instance-id", "state": "$.detail.state", "resource": "$.resources[0]",
    ]

    func transform(_ template: String, _ paths: [String: String]? = nil, event: OrderedJSON = transformEvent) throws -> String {
        rendered(try .transformer(pathsMap: paths ?? documentedPaths, template: template), event)
    }

    @Test("The documentation's table: a simple string")
    func simpleString() throws {
        #expect(try transform(#""instance <instance> is in <state>""#) == #""instance i-0123456789 is in RUNNING""#)
    }

    @Test("The documentation's table: a string with escaped quotes")
    func escapedQuotes() throws {
        #expect(try transform(#""instance \"<instance>\" is in <state>""#) == #""instance \"i-0123456789\" is in RUNNING""#)
    }

    @Test("The documentation's table: simple JSON, variables outside quotes become JSON values")
    func simpleJSON() throws {
        #expect(try transform(#"{"instance" : <instance>, "state": <state>}"#) == #"{"instance" : "i-0123456789", "state": "RUNNING"}"#)
    }

    @Test("The documentation's table: JSON with strings and variables")
    func jsonWithStrings() throws {
        let template = #"{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"}"#
        #expect(try transform(template)
            == #"{"instance" : "i-0123456789", "state": "RUNNING", "instanceStatus": "instance \"i-0123456789\" is in RUNNING"}"#)
    }

    @Test("The documentation's table: variables among static values")
    func mixed() throws {
        #expect(try transform(#"{"instance": <instance>, "state": [9, <state>, true], "Transformed": "Yes"}"#)
            == #"{"instance": "i-0123456789", "state": [9, "RUNNING", true], "Transformed": "Yes"}"#)
    }

    @Test("Reserved variables: rule ARN and name, ingestion time, the event with and without detail")
    func reserved() throws {
        let output = try transform(#"{"ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>, "originalEvent": <aws.events.event.json>, "envelope": <aws.events.event>}"#, [:])
        let value = try OrderedJSON.parse(output)
        #expect(value["ruleArn"] == .string("arn:aws:events:us-east-2:123456789012:rule/example"))
        #expect(value["ruleName"] == .string("example"))
        #expect(value["at"] == .string("2015-11-11T21:29:55Z"))
        #expect(value["originalEvent"] == transformEvent)
        #expect(value["envelope"]?["detail"] == nil)
        #expect(value["envelope"]?["detailType"] == .string("EC2 Instance State-change Notification"))
        #expect(value["envelope"]?["detail-type"] == nil)
        #expect(value["envelope"]?["id"] == transformEvent["id"])
        #expect(try transform(#""<aws.events.rule-name> triggered""#, [:]) == #""example triggered""#)
    }

    @Test("Objects, arrays, numbers and booleans: JSON outside quotes, their text inside")
    func valueKinds() throws {
        let event = try OrderedJSON.parse(#"{"detail": {"payload": {"acc_id": "0a78", "sf_id": "baz"}, "list": ["ACTIVE", "INACTIVE"], "one": ["HIGH"], "valid": true, "n": 1.5e3, "nothing": null}}"#)
        let paths = ["payload": "$.detail.payload", "list": "$.detail.list", "one": "$.detail.one", "valid": "$.detail.valid",
                     "n": "$.detail.n", "nothing": "$.detail.nothing"]
        #expect(try transform(#"{"bod": <payload>, "l": <one>, "v": <valid>, "n": <n>, "z": <nothing>}"#, paths, event: event)
            == #"{"bod": {"acc_id":"0a78","sf_id":"baz"}, "l": ["HIGH"], "v": true, "n": 1.5e3, "z": null}"#)
        #expect(try transform(#""Payload of <payload>, <list>, <one>, <valid>, <n>, <nothing>""#, paths, event: event)
            == #""Payload of {acc_id:0a78,sf_id:baz}, [ACTIVE,INACTIVE], [HIGH], true, 1.5e3, null""#)
        #expect(try transform(#"{"path": "users/<valid>/x"}"#, paths, event: event) == #"{"path": "users/true/x"}"#)
    }

    @Test("A variable used twice, at different depths")
    func repeated() throws {
        #expect(try transform(#"{"m": "users/<instance>/second/<instance>", "n": {"l1": {"l2": "<instance>"}}, "id": <instance>}"#)
            == #"{"m": "users/i-0123456789/second/i-0123456789", "n": {"l1": {"l2": "i-0123456789"}}, "id": "i-0123456789"}"#)
    }

    @Test("A path that reaches nothing: empty inside quotes and in text, \"\" as a JSON value")
    func missingVariable() throws {
        let paths = ["command": "$.detail.notinmessage", "type": "$.detail-type"]
        #expect(try transform(#""Event of <type> type, info <command>""#, paths) == #""Event of EC2 Instance State-change Notification type, info ""#)
        #expect(try transform(#"{"type": <type>, "command": <command>, "quoted": "x<command>y"}"#, paths)
            == #"{"type": "EC2 Instance State-change Notification", "command": "", "quoted": "xy"}"#)
    }

    @Test("Inside quotes of a JSON template, values are escaped so the body stays JSON")
    func escaping() throws {
        let event = try OrderedJSON.parse(#"{"detail": {"msg": "say \"hi\"\n\\ done", "obj": {"q": "a\"b"}}}"#)
        let paths = ["msg": "$.detail.msg", "obj": "$.detail.obj"]
        let output = try transform(#"{"text": "msg: <msg>", "raw": <msg>, "o": "<obj>"}"#, paths, event: event)
        let parsed = try OrderedJSON.parse(output)
        #expect(parsed["text"] == .string("msg: say \"hi\"\n\\ done"))
        #expect(parsed["raw"] == .string("say \"hi\"\n\\ done"))
        #expect(parsed["o"] == .string("{q:a\"b}"))
    }

    @Test("A template that is not JSON gets values as plain text, unescaped")
    func textTemplate() throws {
        let event = try OrderedJSON.parse(#"{"detail": {"msg": "say \"hi\""}}"#)
        #expect(try transform(#"Message: <msg>!"#, ["msg": "$.detail.msg"], event: event) == #"Message: say "hi"!"#)
        #expect(try transform(#""{[/Check with special starting characters <state>""#) == #""{[/Check with special starting characters RUNNING""#)
        #expect(try transform("\"<state> a\"\n\"<instance> b\"") == "\"RUNNING a\"\n\"i-0123456789 b\"")
        #expect(try transform("a < b and c > d, <state>") == "a < b and c > d, RUNNING")
    }

    @Test("Placeholders that are neither variables nor reserved are refused, as PutTargets refuses them")
    func undefinedPlaceholder() {
        #expect(throws: TargetInputError("InputTemplate contains invalid placeholder notdefinedkey.")) {
            try TargetInput.transformer(pathsMap: ["detail-type": "$.detail-type"], template: #""Event of <detail-type> with <notdefinedkey>""#)
        }
        #expect(throws: TargetInputError("InputTemplate contains invalid placeholder aws.events.other.")) {
            try TargetInput.transformer(pathsMap: [:], template: #""<aws.events.other>""#)
        }
    }

    @Test("InputPathsMap: at most 100 keys of letters, digits, _ and -; none of EventBridge's")
    func pathsMapRefused() {
        let many = Dictionary(uniqueKeysWithValues: (0...100).map { ("k\($0)", "$.x") })
        #expect(throws: TargetInputError("InputPathsMap has more than 100 entries.")) {
            try TargetInput.transformer(pathsMap: many, template: "\"x\"")
        }
        #expect(throws: Never.self) { try TargetInput.transformer(pathsMap: many.filter { $0.key != "k100" }, template: "\"x\"") }
        #expect(throws: TargetInputError("InputPathsMap key aws.events.rule-arn is reserved.")) {
            try TargetInput.transformer(pathsMap: ["aws.events.rule-arn": "$.x"], template: "\"x\"")
        }
        for bad in ["", "a b", "a.b", "é", String(repeating: "k", count: 257)] {
            #expect(throws: TargetInputError.self, "\(bad)") { try TargetInput.transformer(pathsMap: [bad: "$.x"], template: "\"x\"") }
        }
        #expect(throws: TargetInputError(#"InputPathsMap value of k "$." is not a valid JSON path: expected a name after '.'."#)) {
            try TargetInput.transformer(pathsMap: ["k": "$."], template: "\"<k>\"")
        }
    }

    @Test("InputTemplate: 1 to 8192 characters, at most 100 placeholders, JSON when it starts as JSON")
    func templateRefused() {
        #expect(throws: TargetInputError.self) { try TargetInput.transformer(pathsMap: [:], template: "") }
        #expect(throws: TargetInputError.self) {
            try TargetInput.transformer(pathsMap: [:], template: String(repeating: "x", count: 8193))
        }
        #expect(throws: TargetInputError("InputTemplate has more than 100 placeholders.")) {
            try TargetInput.transformer(pathsMap: ["a": "$"], template: String(repeating: "<a>", count: 101))
        }
        #expect(throws: Never.self) { try TargetInput.transformer(pathsMap: ["a": "$"], template: String(repeating: "<a>", count: 100)) }
        for bad in [#"{"a": <a>"#, #"{<a>: 1}"#, #"["x", <a> <a>]"#, #"{"a": "<a>}"#] {
            #expect(throws: TargetInputError.self, "\(bad)") { try TargetInput.transformer(pathsMap: ["a": "$.a"], template: bad) }
        }
    }

    @Test("A JSON template always renders JSON, whatever the event holds")
    func alwaysJSON() throws {
        let events = [
            #"{"a": "\"}{"}"#, #"{"a": {"b": [1, "\\", null]}}"#, #"{"a": "\u0001\u001f"}"#, #"{"b": 1}"#, #"{"a": [[]]}"#,
        ]
        let input = try TargetInput.transformer(pathsMap: ["a": "$.a"], template: #"{"x": <a>, "y": "<a> and \"<a>\"", "z": [<a>]}"#)
        for text in events {
            let output = input.render(try OrderedJSON.parse(text), context: exampleContext)
            #expect(throws: Never.self, "\(text)") { try OrderedJSON.parse(output) }
        }
    }
}
