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

/// Parsing of `Content-Type` and `Content-Disposition` values: `type; key=value; key="quoted"`.
enum HeaderParameters {
    /// The value before the first `;` and the parameters, names lower-cased.
    static func parse(_ value: String) -> (value: String, parameters: [String: String]) {
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
    static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, ["utf-8", "us-ascii"].contains(pieces[0].lowercased()) else { return nil }
        var bytes: [UInt8] = []
        var utf8 = Array(pieces[2].utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
