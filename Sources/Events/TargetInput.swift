import FormatKit

/// A target's Input / InputPath / InputTransformer (at most one of them), validated as PutTargets
/// validates it, applied to an event.
///
/// - none: the whole event is delivered;
/// - Input: constant JSON text, delivered verbatim;
/// - InputPath: the JSON of what the path selects. When it selects nothing, `null` is delivered:
///   EventBridge's documentation says nothing of that case for InputPath (for InputTransformer it
///   says "If you specify a variable to match a JSON path that doesn't exist in the event, that
///   variable isn't created and won't appear in the output"), and `null` keeps the body JSON;
/// - InputTransformer: `InputTemplate` with `<name>` placeholders filled from `InputPathsMap` and
///   EventBridge's reserved variables (see `InsertedValue` for how each value is written). A
///   placeholder that names neither is refused, as PutTargets refuses it ("InputTemplate for target
///   … contains invalid placeholder notdefinedkey.").
public struct TargetInput: Sendable {
    enum Kind: Sendable {
        case wholeEvent
        case constant([UInt8])
        case path(JSONPath)
        case transformer(variables: [String: JSONPath], template: InputTemplate)
    }

    /// "Input … Length Constraints: Maximum length of 8192"; InputPath and each InputPathsMap value 256.
    static let maximumInputLength = 8192
    static let maximumVariables = 100
    static let reservedVariables: Set<String> = [
        "aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event",
        "aws.events.event.json",
    ]

    let kind: Kind

    public static let wholeEvent = TargetInput(kind: .wholeEvent)

    /// Input: `json` must be JSON text (RFC 8259) of at most 8192 characters.
    public static func constant(_ json: String) throws(TargetInputError) -> TargetInput {
        guard json.unicodeScalars.count <= maximumInputLength else {
            throw TargetInputError("Input must be at most \(maximumInputLength) characters long.")
        }
        do {
            _ = try OrderedJSON.parse(json)
        } catch let failure as OrderedJSONError {
            throw TargetInputError("Input is not valid JSON text: \(failure.message)")
        } catch {
            throw TargetInputError("Input is not valid JSON text.")
        }
        return TargetInput(kind: .constant(Array(json.utf8)))
    }

    /// InputPath: a JSONPath EventBridge accepts (`$.detail`, `$.resources[0]`, `$['detail-type']`).
    public static func path(_ jsonPath: String) throws(TargetInputError) -> TargetInput {
        TargetInput(kind: .path(try parsePath(jsonPath, field: "InputPath")))
    }

    /// InputTransformer: at most 100 variables named with letters, digits, `_` and `-` (names
    /// starting with `aws.` are EventBridge's), each a JSONPath; a template of 1 to 8192
    /// characters whose placeholders are all variables or reserved ones.
    public static func transformer(pathsMap: [String: String], template: String) throws(TargetInputError) -> TargetInput {
        guard pathsMap.count <= maximumVariables else {
            throw TargetInputError("InputPathsMap has more than \(maximumVariables) entries.")
        }
        var variables: [String: JSONPath] = [:]
        for (name, path) in pathsMap.sorted(by: { $0.key < $1.key }) {
            if name.lowercased().hasPrefix("aws.") || reservedVariables.contains(name) {
                throw TargetInputError("InputPathsMap key \(name) is reserved.")
            }
            guard (1...256).contains(name.utf8.count), name.utf8.allSatisfy(isVariableNameByte) else {
                throw TargetInputError("InputPathsMap key \(name) must be 1 to 256 letters, digits, '_' or '-'.")
            }
            variables[name] = try parsePath(path, field: "InputPathsMap value of \(name)")
        }
        let parsed = try InputTemplate(parsing: template)
        for name in parsed.placeholderNames where variables[name] == nil && !reservedVariables.contains(name) {
            throw TargetInputError("InputTemplate contains invalid placeholder \(name).")
        }
        return TargetInput(kind: .transformer(variables: variables, template: parsed))
    }

    /// The body delivered to the target.
    public func render(_ event: OrderedJSON, context: TargetInputContext) -> [UInt8] {
        render(event, context: context, maximumBytes: .max) ?? []
    }

    /// The body delivered to the target, or `nil` when it would be longer than `maximumBytes`
    /// (a template may copy the event up to 100 times; a dispatcher bounds what it posts).
    public func render(_ event: OrderedJSON, context: TargetInputContext, maximumBytes: Int) -> [UInt8]? {
        let body: [UInt8]
        switch kind {
        case .wholeEvent:
            body = event.serialized()
        case .constant(let bytes):
            body = bytes
        case .path(let path):
            body = (path.select(event) ?? .null).serialized()
        case .transformer(let variables, let template):
            var out: [UInt8] = []
            var cache: [String: OrderedJSON?] = [:]
            for part in template.parts {
                switch part {
                case .text(let text):
                    out += text
                case .placeholder(let name, let quoted):
                    let value: OrderedJSON?
                    if let known = cache[name] {
                        value = known
                    } else {
                        value = Self.value(of: name, variables: variables, event: event, context: context)
                        cache[name] = value
                    }
                    InsertedValue.write(value, quoted: quoted, json: template.isJSON, into: &out)
                }
                if out.count > maximumBytes { return nil }
            }
            body = out
        }
        return body.count <= maximumBytes ? body : nil
    }

    private static func value(
        of name: String, variables: [String: JSONPath], event: OrderedJSON, context: TargetInputContext
    ) -> OrderedJSON? {
        switch name {
        case "aws.events.rule-arn": return .string(context.ruleArn)
        case "aws.events.rule-name": return .string(context.ruleName)
        case "aws.events.event.ingestion-time": return .string(context.ingestionTime)
        case "aws.events.event.json": return event
        case "aws.events.event": return envelope(of: event)
        default: return variables[name]?.select(event)
        }
    }

    /// `<aws.events.event>`: "The original event payload as JSON (without the detail field)";
    /// EventBridge names `detail-type` `detailType` there.
    private static func envelope(of event: OrderedJSON) -> OrderedJSON {
        guard case .object(let object) = event else { return event }
        var envelope = OrderedJSONObject()
        for (key, value) in object.entries where key != "detail" {
            envelope[key == "detail-type" ? "detailType" : key] = value
        }
        return .object(envelope)
    }

    private static func parsePath(_ text: String, field: String) throws(TargetInputError) -> JSONPath {
        do {
            return try JSONPath(parsing: text)
        } catch {
            throw TargetInputError("\(field) \"\(text)\" is not a valid JSON path: \(error.reason).")
        }
    }

    /// Letters, digits, `_` and `-` (ASCII): what InputPathsMap keys are made of.
    static func isVariableNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
