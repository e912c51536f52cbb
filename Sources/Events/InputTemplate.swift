import FormatKit

/// An InputTransformer's InputTemplate, cut into literal text and `<name>` placeholders, and
/// whether it is JSON. A template is JSON when it parses as JSON once each placeholder outside a
/// string is read as a value; a template that starts with `{` or `[` must be JSON. Placeholders
/// are `<` + letters, digits, `_`, `-`, `.` + `>`; other `<` are text.
struct InputTemplate: Sendable {
    enum Part: Sendable {
        case text([UInt8])
        /// `quoted`: the placeholder stands inside a JSON string of a JSON template.
        case placeholder(String, quoted: Bool)
    }

    /// "Input template … Length Constraints: Minimum length of 1. Maximum length of 8192."
    static let maximumLength = 8192
    /// Placeholders in one template, so that one event cannot be copied into a body without end.
    static let maximumPlaceholders = 100

    let parts: [Part]
    let isJSON: Bool

    init(parsing template: String) throws(TargetInputError) {
        let count = template.unicodeScalars.count
        guard (1...Self.maximumLength).contains(count) else {
            throw TargetInputError("InputTemplate must be 1 to \(Self.maximumLength) characters long.")
        }
        let bytes = Array(template.utf8)
        let scanned = Self.scan(bytes)
        guard scanned.filter({ if case .placeholder = $0 { true } else { false } }).count <= Self.maximumPlaceholders else {
            throw TargetInputError("InputTemplate has more than \(Self.maximumPlaceholders) placeholders.")
        }
        let probe = Self.probe(scanned)
        let startsAsJSON = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }.map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? false
        do {
            _ = try OrderedJSON.parse(probe)
            isJSON = true
            parts = scanned
        } catch let failure as OrderedJSONError {
            guard !startsAsJSON else {
                throw TargetInputError("InputTemplate starts as JSON but is not valid JSON (placeholders outside quotes stand for values, never for keys): \(failure.message)")
            }
            isJSON = false
            parts = scanned.map { part in
                if case .placeholder(let name, _) = part { return .placeholder(name, quoted: false) }
                return part
            }
        } catch {
            throw TargetInputError("InputTemplate is not valid JSON.")
        }
    }

    /// The names of the placeholders, in order of first use.
    var placeholderNames: [String] {
        var seen: Set<String> = []
        return parts.compactMap { part in
            guard case .placeholder(let name, _) = part, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    /// Cuts `bytes` into text and placeholders, tracking JSON strings (`"` … `"`, with `\` escapes).
    private static func scan(_ bytes: [UInt8]) -> [Part] {
        var parts: [Part] = []
        var text: [UInt8] = []
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let end = placeholderEnd(bytes, from: index + 1) {
                if !text.isEmpty { parts.append(.text(text)) }
                text = []
                parts.append(.placeholder(String(decoding: bytes[(index + 1)..<end], as: UTF8.self), quoted: inString))
                index = end + 1
                continue
            }
            if inString, byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                text += [byte, bytes[index + 1]]
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { inString.toggle() }
            text.append(byte)
            index += 1
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// The index of the `>` closing a placeholder name that starts at `start`.
    private static func placeholderEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") { return index > start ? index : nil }
            let allowed = TargetInput.isVariableNameByte(byte) || byte == UInt8(ascii: ".")
            guard allowed else { return nil }
            index += 1
        }
        return nil
    }

    /// The template with each placeholder outside strings read as `null` and inside as `x`.
    private static func probe(_ parts: [Part]) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in parts {
            switch part {
            case .text(let text): bytes += text
            case .placeholder(_, let quoted): bytes += Array((quoted ? "x" : "null").utf8)
            }
        }
        return bytes
    }
}
