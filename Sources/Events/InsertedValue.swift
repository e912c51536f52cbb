import FormatKit

/// How a value taken from the event is written into an InputTemplate, as EventBridge writes it:
/// - in a JSON template, outside quotes: the value as JSON (`"i-0123"`, `5`, `{"a":1}`); a
///   variable whose path reached nothing as `""`;
/// - inside quotes of a JSON template: its text, escaped for a JSON string;
/// - in a text template: its text as it is.
/// A value's text is a string's characters, a number's or literal's JSON text, and for an
/// object or array its JSON without quotation marks (`{acc_id:0a787ecb,sf_id:baz}`, `[HIGH]`),
/// which is what EventBridge delivers; a missing value's text is empty.
enum InsertedValue {
    static func write(_ value: OrderedJSON?, quoted: Bool, json: Bool, into out: inout [UInt8]) {
        if json, !quoted {
            out += value?.serialized() ?? Array(#""""#.utf8)
            return
        }
        var text: [UInt8] = []
        if let value { writeText(value, into: &text) }
        if json { out += escapedForString(text) } else { out += text }
    }

    private static func writeText(_ value: OrderedJSON, into out: inout [UInt8]) {
        switch value {
        case .string(let text): out += Array(text.utf8)
        case .number(let text): out += Array(text.utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                writeText(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (offset, entry) in object.entries.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                out += Array(entry.key.utf8)
                out.append(UInt8(ascii: ":"))
                writeText(entry.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `text` escaped as the inside of a JSON string (no surrounding quotes).
    private static func escapedForString(_ text: [UInt8]) -> [UInt8] {
        var writer = OrderedJSONWriter(reservingCapacity: text.count + 2)
        writer.write(string: String(decoding: text, as: UTF8.self))
        return Array(writer.bytes.dropFirst().dropLast())
    }
}
