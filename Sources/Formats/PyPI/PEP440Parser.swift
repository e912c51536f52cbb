/// The scanner behind `PEP440Version.init`: the grammar of `packaging.version.VERSION_PATTERN`
/// written out by hand (case-insensitive, optional `v`, `-` `_` `.` separators, implicit zeros).
struct PEP440Parser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.lowercased().utf8).trimmingWhitespace()
    }

    mutating func parse() -> PEP440Version? {
        if peek == UInt8(ascii: "v") { index += 1 }
        // Epoch, when digits are followed by `!`.
        var epoch = 0
        let save = index
        if let number = number(), peek == UInt8(ascii: "!") {
            epoch = number
            index += 1
        } else {
            index = save
        }
        guard let first = number() else { return nil }
        var release = [first]
        while peek == UInt8(ascii: "."), let digit = at(index + 1), isDigit(digit) {
            index += 1
            guard let part = number() else { return nil }
            release.append(part)
        }
        let pre = preRelease()
        let post = postRelease()
        let dev = devRelease()
        var local: [PEP440Version.LocalSegment] = []
        if peek == UInt8(ascii: "+") {
            index += 1
            guard let segments = localSegments() else { return nil }
            local = segments
        }
        guard index == bytes.count else { return nil }
        return PEP440Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: local)
    }

    // MARK: - Pieces

    private mutating func preRelease() -> (kind: PEP440Version.PreReleaseKind, number: Int)? {
        let save = index
        skipSeparator()
        let spellings: [(String, PEP440Version.PreReleaseKind)] = [
            ("alpha", .alpha), ("beta", .beta), ("preview", .releaseCandidate), ("pre", .releaseCandidate),
            ("rc", .releaseCandidate), ("a", .alpha), ("b", .beta), ("c", .releaseCandidate),
        ]
        for (word, kind) in spellings where consume(word) {
            return (kind, implicitNumber())
        }
        index = save
        return nil
    }

    private mutating func postRelease() -> Int? {
        let save = index
        // `1.0-1` is an implicit post release.
        if peek == UInt8(ascii: "-"), let digit = at(index + 1), isDigit(digit) {
            index += 1
            return number()
        }
        skipSeparator()
        for word in ["post", "rev", "r"] where consume(word) {
            return implicitNumber()
        }
        index = save
        return nil
    }

    private mutating func devRelease() -> Int? {
        let save = index
        skipSeparator()
        if consume("dev") { return implicitNumber() }
        index = save
        return nil
    }

    private mutating func localSegments() -> [PEP440Version.LocalSegment]? {
        var segments: [PEP440Version.LocalSegment] = []
        while true {
            let start = index
            while let byte = peek, isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) { index += 1 }
            guard index > start else { return nil }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if let number = Int(text), text.utf8.allSatisfy(isDigit) { segments.append(.number(number)) } else { segments.append(.string(text)) }
            guard let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else {
                return segments
            }
            index += 1
        }
    }

    /// A separator and a number after a pre/post/dev word; absent means 0.
    private mutating func implicitNumber() -> Int {
        let save = index
        skipSeparator()
        if let number = number() { return number }
        index = save
        return 0
    }

    private mutating func skipSeparator() {
        if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") { index += 1 }
    }

    private mutating func consume(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, bytes[index..<index + utf8.count].elementsEqual(utf8) else { return false }
        index += utf8.count
        return true
    }

    private mutating func number() -> Int? {
        let start = index
        var value = 0
        while let byte = peek, isDigit(byte) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { index = start; return nil }
            value = sum
            index += 1
        }
        return index > start ? value : nil
    }

    private var peek: UInt8? { at(index) }
    private func at(_ position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension Array where Element == UInt8 {
    func trimmingWhitespace() -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return [] }
        return Array(self[first...last])
    }
}
