#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GranaryCrypto

/// Where a string value lies in the parsed bytes, left undecoded: the bytes between its quotes,
/// and how many of them are backslashes that begin an escape (npm's base64 attachments hold `\/`).
public struct RawStringSpan: Sendable, Equatable {
    public let range: Range<Int>
    public let backslashes: Int

    public init(range: Range<Int>, backslashes: Int) {
        self.range = range
        self.backslashes = backslashes
    }
}

/// One step of the member path whose string values `OrderedJSONParser` leaves undecoded.
public enum JSONKeyPattern: Sendable, Hashable {
    /// A member of exactly this name.
    case key(String)
    /// Any member.
    case anyKey

    func matches(_ key: String) -> Bool {
        switch self {
        case .key(let name): name == key
        case .anyKey: true
        }
    }
}

/// A recursive-descent JSON parser over borrowed bytes. The string values at one member path
/// (`rawStringsAt`, object members from the root, never through arrays) are not decoded at all:
/// their closing quote is found with `memchr` and the byte range recorded in `rawStrings`, so an
/// npm publish body of 133 MB (`_attachments.<file>.data`) is parsed without a second copy of its
/// payload. Throws `OrderedJSONError`.
public struct OrderedJSONParser {
    /// Deep enough for any real manifest, shallow enough for a worker thread's stack.
    public static let maximumDepth = 200

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0
    private let rawPattern: [JSONKeyPattern]
    /// The member names from the root to the object being parsed, while it is on `rawPattern`.
    private var path: [String] = []
    /// The undecoded strings found at `rawPattern`, by their member path (the last one wins).
    public private(set) var rawStrings: [[String]: RawStringSpan] = [:]

    public init(_ bytes: UnsafeRawBufferPointer, rawStringsAt pattern: [JSONKeyPattern] = []) {
        self.bytes = bytes
        self.rawPattern = pattern
    }

    public mutating func parseDocument() throws -> OrderedJSON {
        skipWhitespace()
        let value = try parseValue(capturing: !rawPattern.isEmpty)
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected data after the JSON value") }
        return value
    }

    private func failure(_ what: String, kind: OrderedJSONErrorKind = .invalid) -> OrderedJSONError {
        OrderedJSONError(kind, "Invalid JSON at byte \(index): \(what).")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// `capturing`: the value is an object on `rawPattern`'s path (`path` names it).
    private mutating func parseValue(capturing: Bool) throws -> OrderedJSON {
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject(capturing: capturing))
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw failure("invalid literal")
        }
        index += count
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= OrderedJSONParser.maximumDepth else { throw failure("nesting too deep", kind: .tooDeep) }
        index += 1
        skipWhitespace()
    }

    private mutating func parseObject(capturing: Bool) throws -> OrderedJSONObject {
        let level = path.count
        try enter()
        defer { depth -= 1 }
        var object = OrderedJSONObject()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return object
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            if capturing, rawPattern[level].matches(key) {
                path.append(key)
                if level + 1 == rawPattern.count, index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    rawStrings[path] = try skipRawString()
                } else {
                    object[key] = try parseValue(capturing: level + 1 < rawPattern.count)
                }
                path.removeLast()
            } else {
                object[key] = try parseValue(capturing: false)
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return object
            } else {
                throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws -> [OrderedJSON] {
        try enter()
        defer { depth -= 1 }
        var items: [OrderedJSON] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            items.append(try parseValue(capturing: false))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return items
            } else {
                throw failure("expected ',' or ']'")
            }
        }
    }

    private mutating func parseNumber() throws -> String {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw failure("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw failure("invalid number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("invalid number") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("invalid number") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A string value; the fast path (no escapes) makes one `String` straight from the bytes.
    private mutating func parseString() throws -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try makeString(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("control character in string") }
            index += 1
        }
        var decoded = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try decoded.withUnsafeBytes { try makeString($0) }
            case UInt8(ascii: "\\"):
                try parseEscape(into: &decoded)
            case 0..<0x20:
                throw failure("control character in string")
            default:
                decoded.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    private func makeString(_ utf8: UnsafeRawBufferPointer) throws -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("invalid UTF-8 in string") }
        return text
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws {
        guard index + 1 < bytes.count else { throw failure("unterminated string") }
        let code = bytes[index + 1]
        index += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                bytes[index + 1] == UInt8(ascii: "u")
            {
                let saved = index
                index += 2
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = saved
                }
            }
            // A lone surrogate (legal in JavaScript strings) becomes U+FFFD.
            decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
        default:
            throw failure("invalid escape")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.digitValue(bytes[index]) else { throw failure("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Finds the end of a string without decoding it: `memchr` to each quote, skipping quotes
    /// preceded by an odd run of backslashes, then counts the escapes' backslashes inside.
    private mutating func skipRawString() throws -> RawStringSpan {
        let start = index + 1
        var search = start
        guard let base = bytes.baseAddress else { throw failure("unterminated string") }
        while true {
            guard search < bytes.count,
                let found = memchr(base + search, Int32(UInt8(ascii: "\"")), bytes.count - search)
            else { throw failure("unterminated string") }
            let quote = base.distance(to: UnsafeRawPointer(found))
            var run = 0
            while quote - run - 1 >= start, bytes[quote - run - 1] == UInt8(ascii: "\\") { run += 1 }
            if run % 2 == 0 {
                index = quote + 1
                var backslashes = 0
                var cursor = start
                while cursor < quote, let hit = memchr(base + cursor, Int32(UInt8(ascii: "\\")), quote - cursor) {
                    backslashes += 1
                    cursor = base.distance(to: UnsafeRawPointer(hit)) + 2
                }
                return RawStringSpan(range: start..<quote, backslashes: backslashes)
            }
            search = quote + 1
        }
    }
}
