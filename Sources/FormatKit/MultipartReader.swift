/// A streaming multipart/form-data reader (RFC 7578), as twine's legacy upload API sends.
///
/// The body is pulled through a fixed buffer: `nextPart()` moves to the next part and returns
/// its headers, `read(into:)` streams the current part's bytes (a 100 MB wheel goes straight
/// to the blob store), `readText(limit:)` collects a small form field. A part not read to its
/// end is skipped by the next `nextPart()`. The reader keeps no more than its buffer in memory.
///
/// Malformed or truncated bodies and oversized fields throw `MultipartError`; errors of the
/// `read` closure pass through.
///
/// A delimiter is `CRLF--boundary` as RFC 2046 has it, or `LF--boundary` as some clients write
/// it (nuget 2.8.7 on mono ends its part with a bare LF), as Go's mime/multipart also reads it.
public final class MultipartReader {
    public let boundary: String
    /// The part `read(into:)` and `readText(limit:)` work on.
    public private(set) var currentPart: MultipartPart?

    private enum State { case preamble, inPart, afterDelimiter, finished }

    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private let delimiter: [UInt8]
    private let maxHeaderBytes: Int
    private var buffer: [UInt8]
    private var head = 0
    private var tail = 0
    /// No delimiter starts in `head..<scanFrom`: saves rescanning when reads are small.
    private var scanFrom = 0
    private var sourceEnded = false
    private var state = State.preamble

    /// `contentType` is the request's Content-Type (`multipart/form-data; boundary=…`); `read`
    /// fills the buffer it is given with body bytes and returns how many, 0 at the end.
    public init(
        contentType: String, maxHeaderBytes: Int = 16 * 1024, bufferSize: Int = 64 * 1024,
        read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws {
        let (mediaType, parameters) = HeaderParameters.parse(contentType)
        guard mediaType.lowercased().hasPrefix("multipart/") else {
            throw MultipartError(.notMultipart, "The upload must be sent as multipart/form-data, not \(mediaType.isEmpty ? "an empty content type" : mediaType)")
        }
        guard let boundary = parameters["boundary"], !boundary.isEmpty else {
            throw MultipartError(.notMultipart, "The multipart/form-data content type has no boundary parameter")
        }
        guard boundary.utf8.count <= 200, !boundary.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw MultipartError(.notMultipart, "The multipart boundary is invalid")
        }
        self.boundary = boundary
        self.delimiter = Array("\n--\(boundary)".utf8)
        self.maxHeaderBytes = maxHeaderBytes
        self.source = read
        buffer = [UInt8](repeating: 0, count: max(bufferSize, maxHeaderBytes + delimiter.count + 4, 1024))
        // The first boundary has no line break before it; pretend it has, so one delimiter fits all.
        buffer[0] = 0x0A
        tail = 1
    }

    /// Skips what is left of the current part and returns the next one, or nil after the
    /// closing boundary.
    public func nextPart() throws -> MultipartPart? {
        while state == .preamble || state == .inPart {
            try skipRestOfPart()
        }
        guard state == .afterDelimiter else { return nil }
        try fill(atLeast: 2)
        if tail - head >= 2, buffer[head] == UInt8(ascii: "-"), buffer[head + 1] == UInt8(ascii: "-") {
            state = .finished
            currentPart = nil
            return nil
        }
        let part = try readHeaders()
        currentPart = part
        state = .inPart
        return part
    }

    /// Streams the current part: fills `into` and returns the count, 0 at the end of the part.
    public func read(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        guard state == .inPart || state == .preamble, output.count > 0 else { return 0 }
        while true {
            let searchEnd = tail - delimiter.count
            if let found = findDelimiter(from: max(head, scanFrom), through: searchEnd) {
                scanFrom = found
                // The part ends before the delimiter's LF, and before a CR right in front of it.
                let end = found > head && buffer[found - 1] == 0x0D ? found - 1 : found
                // A delimiter is followed by `--`, padding or a line break; `--B` followed by other
                // text is body data (as Go's mime/multipart reads it). Deciding needs the next byte.
                let after = found + delimiter.count
                if after == tail && !sourceEnded {
                    if end > head { return copy(upTo: end, into: output) }
                    try fillMore()
                    continue
                }
                if after < tail && !Self.mayFollowDelimiter(buffer[after]) {
                    scanFrom = found + 1
                    continue
                }
                if end == head {
                    head = after
                    scanFrom = head
                    state = .afterDelimiter
                    return 0
                }
                return copy(upTo: end, into: output)
            }
            // Bytes before the last delimiter.count - 1 cannot begin a delimiter, and the one
            // before those may be the CR in front of one.
            let safeEnd = max(head, tail - delimiter.count)
            scanFrom = safeEnd
            if safeEnd > head { return copy(upTo: safeEnd, into: output) }
            if sourceEnded {
                throw MultipartError(.truncated, "The upload body ends before its closing multipart boundary (the request was truncated)")
            }
            try fillMore()
        }
    }

    /// The rest of the current part as bytes; throws `.tooLarge` past `limit`.
    public func readBytes(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return out }
            guard out.count + count <= limit else {
                throw MultipartError(.tooLarge, "The form field \(currentPart?.name ?? "?") is larger than \(limit) bytes")
            }
            out.append(contentsOf: chunk[..<count])
        }
    }

    /// The rest of the current part as UTF-8 text (invalid bytes replaced); `.tooLarge` past `limit` bytes.
    public func readText(limit: Int) throws -> String {
        String(decoding: try readBytes(limit: limit), as: UTF8.self)
    }

    // MARK: - Parts and headers

    private func skipRestOfPart() throws {
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while try scratch.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
    }

    /// After a delimiter: optional transport padding, CRLF, header lines, an empty line.
    private func readHeaders() throws -> MultipartPart {
        guard let first = try readLine(), first.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else {
            throw MultipartError(.malformed, "The multipart body is malformed: a boundary is followed by text on its line")
        }
        var headerBytes = 0
        var disposition: String?
        var contentType: String?
        while let line = try readLine(), !line.isEmpty {
            headerBytes += line.count + 2
            guard headerBytes <= maxHeaderBytes else {
                throw MultipartError(.tooLarge, "The headers of a multipart part are larger than \(maxHeaderBytes) bytes")
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else {
                throw MultipartError(.malformed, "The multipart body is malformed: a part header has no colon")
            }
            let value = String(text[text.index(after: colon)...]).trimmed
            switch String(text[..<colon]).trimmed.lowercased() {
            case "content-disposition": disposition = value
            case "content-type": contentType = value
            default: break
            }
        }
        guard let disposition else { throw MultipartError(.malformed, "A multipart part has no Content-Disposition header") }
        let parameters = HeaderParameters.parse(disposition).parameters
        guard let name = parameters["name"] else { throw MultipartError(.malformed, "A multipart part has no field name") }
        let filename = parameters["filename*"].flatMap(HeaderParameters.decodeExtended) ?? parameters["filename"]
        return MultipartPart(name: name, filename: filename, contentType: contentType)
    }

    /// One CRLF-terminated line without its CRLF; throws when none ends within the header limit.
    private func readLine() throws -> [UInt8]? {
        var searchFrom = head
        while true {
            var index = searchFrom
            while index + 1 < tail {
                if buffer[index] == 0x0D, buffer[index + 1] == 0x0A {
                    let line = Array(buffer[head..<index])
                    head = index + 2
                    scanFrom = head
                    return line
                }
                index += 1
            }
            searchFrom = max(head, tail - 1)
            guard tail - head <= maxHeaderBytes else {
                throw MultipartError(.tooLarge, "The headers of a multipart part are larger than \(maxHeaderBytes) bytes")
            }
            if sourceEnded { throw MultipartError(.truncated, "The upload body ends inside multipart part headers (the request was truncated)") }
            let before = head
            try fillMore()
            searchFrom -= before - head
        }
    }

    // MARK: - Buffer

    private func copy(upTo end: Int, into output: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(end - head, output.count)
        buffer.withUnsafeBytes { output.baseAddress!.copyMemory(from: $0.baseAddress! + head, byteCount: count) }
        head += count
        return count
    }

    private static func mayFollowDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private func findDelimiter(from start: Int, through last: Int) -> Int? {
        guard start <= last else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            let first = delimiter[0]
            var index = start
            while index <= last {
                if bytes[index] == first {
                    var matched = 1
                    while matched < delimiter.count, bytes[index + matched] == delimiter[matched] { matched += 1 }
                    if matched == delimiter.count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private func fill(atLeast count: Int) throws {
        while tail - head < count, !sourceEnded { try fillMore() }
    }

    /// Moves unread bytes to the front and reads more behind them.
    private func fillMore() throws {
        if head > 0 {
            let shift = head
            buffer.withUnsafeMutableBytes { all in all.baseAddress!.copyMemory(from: all.baseAddress! + shift, byteCount: tail - shift) }
            tail -= shift
            head = 0
            scanFrom = max(0, scanFrom - shift)
        }
        guard tail < buffer.count else { return }
        let count = try buffer.withUnsafeMutableBytes { try source(UnsafeMutableRawBufferPointer(rebasing: $0[tail...])) }
        if count <= 0 { sourceEnded = true } else { tail += count }
    }
}
