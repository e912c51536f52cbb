/// A `wildcard` filter's value (`{"wildcard": "*/lib/*.jar"}`): `*` stands for any run of
/// characters, `\*` for a literal asterisk and `\\` for a backslash; two `*` in a row and a
/// backslash before anything else are refused, as EventBridge refuses them ("Consecutive
/// wildcard characters at pos 26", the position counting the value's opening quote).
///
/// Matching is on UTF-8 bytes and linear in the value: the first and last runs must be the
/// value's start and end, the runs between stars are found leftmost in order (Knuth–Morris–Pratt),
/// which is exact for patterns whose only metacharacter is `*`.
struct WildcardPattern: Sendable, Hashable {
    /// The literal runs between stars; `segments.count == stars + 1`.
    let segments: [[UInt8]]
    /// Knuth–Morris–Pratt failure tables of the inner segments (`segments[1..<count-1]`).
    private let failures: [[Int]]

    init(parsing text: String) throws(EventPatternError) {
        var segments: [[UInt8]] = [[]]
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                    throw EventPatternError(reason: "Consecutive wildcard characters at pos \(index + 1)")
                }
                segments.append([])
            } else if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") || bytes[index + 1] == UInt8(ascii: "\\")
                else { throw EventPatternError(reason: "Invalid escape character at pos \(index + 1)") }
                segments[segments.count - 1].append(bytes[index + 1])
                index += 1
            } else {
                segments[segments.count - 1].append(byte)
            }
            index += 1
        }
        self.segments = segments
        failures = segments.count > 2 ? segments[1..<(segments.count - 1)].map(Self.failureTable) : []
    }

    func matches(_ text: String) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable({ matches($0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { matches($0) }
    }

    private func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = segments[0]
        guard segments.count > 1 else { return value.elementsEqual(first) }
        let last = segments[segments.count - 1]
        guard value.count >= first.count + last.count, value.starts(with: first),
            value[(value.count - last.count)...].elementsEqual(last)
        else { return false }
        var start = first.count
        let end = value.count - last.count
        for (offset, failure) in failures.enumerated() {
            let segment = segments[offset + 1]
            guard !segment.isEmpty else { continue }
            guard let found = Self.find(segment, failure, in: value, from: start, to: end) else { return false }
            start = found + segment.count
        }
        return true
    }

    private static func failureTable(_ needle: [UInt8]) -> [Int] {
        var table = [Int](repeating: 0, count: needle.count)
        var length = 0
        var index = 1
        while index < needle.count {
            if needle[index] == needle[length] {
                length += 1
                table[index] = length
                index += 1
            } else if length > 0 {
                length = table[length - 1]
            } else {
                index += 1
            }
        }
        return table
    }

    /// The first offset of `needle` in `haystack[from..<to]`.
    private static func find(
        _ needle: [UInt8], _ failure: [Int], in haystack: UnsafeBufferPointer<UInt8>, from: Int, to: Int
    ) -> Int? {
        var matched = 0
        var index = from
        while index < to {
            if haystack[index] == needle[matched] {
                matched += 1
                index += 1
                if matched == needle.count { return index - matched }
            } else if matched > 0 {
                matched = failure[matched - 1]
            } else {
                index += 1
            }
        }
        return nil
    }
}
