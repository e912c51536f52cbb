import FormatKit

/// Splits an email-header format document into fields and body, the way Python's
/// `email.parser` (which `packaging.metadata` uses) does for metadata files:
///
/// - a line starting with a space or tab continues the previous field (RFC 822 folding);
/// - `Description` and `License` keep their line breaks, with the 8-space (or 7-space-and-`|`)
///   indentation setuptools adds removed; other fields are unfolded to one line;
/// - the first empty line ends the headers, and the rest is the body.
enum CoreMetadataParser {
    static func parse(_ text: String) -> (fields: [(name: String, value: String)], body: String?) {
        // "\r\n" is one Character, so split on either form of line end.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        var fields: [(name: String, lines: [Substring])] = []
        var bodyStart: Int?
        for (index, line) in lines.enumerated() {
            if line.isEmpty {
                bodyStart = index + 1
                break
            }
            if let first = line.first, first == " " || first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1].lines.append(line) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]).trimmed
            guard !name.isEmpty else { continue }
            fields.append((name, [line[line.index(after: colon)...]]))
        }
        var body: String?
        if let bodyStart, bodyStart <= lines.count {
            lines.removeFirst(bodyStart)
            let joined = lines.joined(separator: "\n")
            body = joined.isEmpty ? nil : joined
        }
        return (fields.map { ($0.name, value(of: $0.name, $0.lines)) }, body)
    }

    private static func value(of name: String, _ lines: [Substring]) -> String {
        let first = String(lines[0]).trimmed
        guard lines.count > 1 else { return first }
        let rest = lines.dropFirst()
        let lowered = name.lowercased()
        guard lowered == "description" || lowered == "license" else {
            return ([first] + rest.map { String($0).trimmed }).filter { !$0.isEmpty }.joined(separator: " ")
        }
        return ([first] + rest.map(unindent)).joined(separator: "\n").trimmingTrailingNewlines
    }

    /// Removes the continuation indentation: `       |` (7 spaces and a bar, old setuptools),
    /// else up to 8 spaces or one tab.
    private static func unindent(_ line: Substring) -> String {
        if line.hasPrefix("       |") { return String(line.dropFirst(8)) }
        if line.hasPrefix("\t") { return String(line.dropFirst()) }
        return String(line.drop { $0 == " " }.isEmpty ? "" : line.dropFirst(min(8, line.prefix { $0 == " " }.count)))
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var copy = self
        while copy.hasSuffix("\n") { copy.removeLast() }
        return copy
    }
}
