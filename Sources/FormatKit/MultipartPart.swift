import GranaryCrypto

/// One part of a multipart/form-data body, as its headers describe it.
public struct MultipartPart: Sendable, Equatable {
    /// The form field name (`name` of Content-Disposition).
    public let name: String
    /// The file name of a file field (`filename`, or a decoded `filename*`), nil for plain fields.
    public let filename: String?
    public let contentType: String?

    public init(name: String, filename: String?, contentType: String?) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }
}

/// Parsing of `Content-Type`, `Content-Disposition` and `Accept` values: `type; key=value; key="quoted"`.
public enum HeaderParameters {
    /// The value before the first `;` and the parameters, names lower-cased.
    public static func parse(_ value: String) -> (value: String, parameters: [String: String]) {
        let scalars = Array(value.unicodeScalars)
        var index = 0
        func skipSpaces() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 } }
        func token(until stops: Set<Unicode.Scalar>) -> String {
            let start = index
            while index < scalars.count, !stops.contains(scalars[index]) { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index])).trimmed
        }
        let main = token(until: [";"])
        var parameters: [String: String] = [:]
        while index < scalars.count {
            index += 1  // the `;`
            skipSpaces()
            let name = token(until: ["=", ";"]).lowercased()
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            skipSpaces()
            var parameterValue = ""
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    parameterValue.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
                _ = token(until: [";"])
            } else {
                parameterValue = token(until: [";"])
            }
            if !name.isEmpty, parameters[name] == nil { parameters[name] = parameterValue }
        }
        return (main, parameters)
    }

    /// RFC 5987 `charset'language'percent-encoded` (as in `filename*`); UTF-8 and ASCII only.
    /// A malformed escape stays as its text.
    public static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, ["utf-8", "us-ascii"].contains(pieces[0].lowercased()),
              let bytes = PercentEscapes.decode(pieces[2], malformed: .keepLiteral)
        else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
