import GranaryCore
import HTTP

/// How package managers present an authorization token: `Bearer T` (npm, swift, gem push),
/// `Basic base64(anyuser:T)` (pip, twine, Maven, Gradle), or the bare token (cargo).
public enum TokenCredentials {
    public static func token(in request: Request) -> String? {
        guard let header = request.headers["Authorization"]?.drop(while: { $0 == " " }), !header.isEmpty else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2 {
            switch parts[0].lowercased() {
            case "bearer":
                return String(parts[1]).trimmingSpaces
            case "basic":
                guard let bytes = basicCredentials(parts[1]), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                return String(validating: bytes[(colon + 1)...], as: UTF8.self)
            default:
                return nil
            }
        }
        return String(header).trimmingSpaces
    }
}

/// The standard-alphabet, padded base64 of Basic credentials (RFC 7617), decoded byte by byte
/// through `Base64URL` (the same 64 values, two other characters): every pip request carries it.
private func basicCredentials(_ text: Substring) -> [UInt8]? {
    var input = Array(text.utf8)
    while input.last == UInt8(ascii: " ") { input.removeLast() }
    while input.first == UInt8(ascii: " ") { input.removeFirst() }
    guard input.count % 4 == 0 else { return nil }
    var padding = 0
    while padding < 2, input.last == UInt8(ascii: "=") {
        input.removeLast()
        padding += 1
    }
    for index in input.indices {
        switch input[index] {
        case UInt8(ascii: "+"): input[index] = UInt8(ascii: "-")
        case UInt8(ascii: "/"): input[index] = UInt8(ascii: "_")
        case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil  // base64url characters are not Basic's
        default: break
        }
    }
    return Base64URL.decode(bytes: input)
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
