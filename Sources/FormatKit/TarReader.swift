import Compression

/// A streaming reader of gzip-compressed tar archives (PyPI sdists, npm tarballs): walks the
/// members front to back, decompressing as it goes, and hands back the first member a predicate
/// accepts (`firstMember`), or checks the whole archive (`verify`).
///
/// Understands ustar (with its name prefix), GNU long names (`L`) and pax extended headers
/// (`x`, for `path`), which is what setuptools, hatch, flit, poetry and maturin write. Skipped
/// member bodies are decompressed and discarded, never stored; `maxTotalBytes` bounds the whole
/// walk so that a gzip of zeros cannot keep a worker busy for long.
public struct TarReader {
    public struct Member: Sendable, Equatable {
        public let path: String
        public let size: Int
        /// The tar type flag: `0` (or NUL) for a regular file, `5` a directory, `2` a symlink, …
        public let type: UInt8

        public var isRegularFile: Bool { type == UInt8(ascii: "0") || type == 0 || type == UInt8(ascii: "7") }
    }

    private static let block = 512
    private static let maxExtendedHeader = 1 << 20

    public let maxTotalBytes: Int

    public init(maxTotalBytes: Int = 2 << 30) {
        self.maxTotalBytes = maxTotalBytes
    }

    /// The first regular member `select` accepts, with its bytes; nil when the archive ends first.
    /// Throws `ArchiveError` (`.tooLarge` when the member exceeds `limit`).
    public func firstMember(
        in source: ByteSource, limit: Int, where select: (Member) -> Bool
    ) throws -> (member: Member, bytes: [UInt8])? {
        try inflating(source) { stream in
            var headers = 0
            return try walk(stream, limit: limit, headers: &headers, select: select)
        }
    }

    /// Reads the whole archive: every header (and its checksum), every member's body, and the
    /// gzip stream to its end (so its CRC and length are checked); at least one header must be
    /// there. Throws `ArchiveError` (`.tooLarge` past `maxTotalBytes`).
    public func verify(_ source: ByteSource) throws {
        try inflating(source) { stream in
            var headers = 0
            _ = try walk(stream, limit: 0, headers: &headers) { _ in false }
            guard headers > 0 else { throw ArchiveError(.corrupt, "the tar archive is empty") }
            var scratch = [UInt8](repeating: 0, count: 32 * 1024)
            while try scratch.withUnsafeMutableBytes({ try stream.read(into: $0) }) > 0 {}
        }
    }

    private func inflating<T>(_ source: ByteSource, _ body: (InflateReader) throws -> T) throws -> T {
        let input = SequentialByteReader(source)
        do {
            let stream = try InflateReader(format: .gzip, outputLimit: maxTotalBytes, read: input.read(into:))
            return try body(stream)
        } catch let error as CompressionError {
            throw ArchiveError.from(error)
        }
    }

    /// `headers` counts the headers read, the end-of-archive block not included.
    private func walk(
        _ stream: InflateReader, limit: Int, headers: inout Int, select: (Member) -> Bool
    ) throws -> (member: Member, bytes: [UInt8])? {
        var longName: String?
        var paxPath: String?
        while true {
            guard let header = try readExact(stream, count: Self.block, atStart: true) else { return nil }
            if header.allSatisfy({ $0 == 0 }) { return nil }
            try verifyChecksum(header)
            headers += 1
            let type = header[156]
            let size = try Self.number(header[124..<136], field: "size")
            switch type {
            case UInt8(ascii: "L"):
                longName = Self.text(try readBody(stream, size: size, limit: Self.maxExtendedHeader, what: "GNU long name"))
                continue
            case UInt8(ascii: "x"):
                let records = try readBody(stream, size: size, limit: Self.maxExtendedHeader, what: "pax header")
                if let path = try Self.paxValue("path", in: records) { paxPath = path }
                continue
            case UInt8(ascii: "K"), UInt8(ascii: "g"):
                try skip(stream, size: size)
                continue
            default:
                break
            }
            let path = paxPath ?? longName ?? Self.ustarName(header)
            longName = nil
            paxPath = nil
            let member = Member(path: path, size: size, type: type)
            let hasBody = type != UInt8(ascii: "1") && type != UInt8(ascii: "2") && type != UInt8(ascii: "5")
            if member.isRegularFile && select(member) {
                guard size <= limit else { throw ArchiveError(.tooLarge, "\(path) is \(size) bytes, more than the \(limit) accepted") }
                return (member, try readBody(stream, size: size, limit: limit, what: path))
            }
            if hasBody { try skip(stream, size: size) }
        }
    }

    // MARK: - Reading blocks

    /// Exactly `count` bytes; nil only when the stream ends cleanly before the first byte and
    /// `atStart` allows it (an archive without end-of-archive blocks).
    private func readExact(_ stream: InflateReader, count: Int, atStart: Bool = false) throws -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = try out.withUnsafeMutableBytes { try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if got == 0 {
                if filled == 0 && atStart { return nil }
                throw ArchiveError(.corrupt, "the tar archive is truncated")
            }
            filled += got
        }
        return out
    }

    private func readBody(_ stream: InflateReader, size: Int, limit: Int, what: String) throws -> [UInt8] {
        guard size <= limit else { throw ArchiveError(.tooLarge, "the \(what) is \(size) bytes, more than the \(limit) accepted") }
        guard let bytes = try readExact(stream, count: Self.padded(size)) else { throw ArchiveError(.corrupt, "the tar archive is truncated") }
        return Array(bytes[..<size])
    }

    private func skip(_ stream: InflateReader, size: Int) throws {
        var left = Self.padded(size)
        var scratch = [UInt8](repeating: 0, count: 32 * 1024)
        while left > 0 {
            let got = try scratch.withUnsafeMutableBytes { try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<min(left, $0.count)])) }
            if got == 0 { throw ArchiveError(.corrupt, "the tar archive is truncated") }
            left -= got
        }
    }

    private static func padded(_ size: Int) -> Int { (size + block - 1) / block * block }

    // MARK: - Header fields

    private func verifyChecksum(_ header: [UInt8]) throws {
        let recorded = try Self.number(header[148..<156], field: "checksum")
        var unsigned = 0
        var signed = 0
        for (index, byte) in header.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard recorded == unsigned || recorded == signed else {
            throw ArchiveError(.corrupt, "a tar header fails its checksum (the file is damaged or not a tar archive)")
        }
    }

    /// Octal digits (NUL/space padded), or GNU base-256 when the high bit of the first byte is set.
    static func number(_ field: ArraySlice<UInt8>, field name: String) throws -> Int {
        if let first = field.first, first & 0x80 != 0 {
            var value = 0
            for (index, byte) in field.enumerated() {
                let digit = index == 0 ? Int(byte & 0x7F) : Int(byte)
                guard value <= (Int.max >> 9) else { throw ArchiveError(.corrupt, "a tar header \(name) is too large") }
                value = value << 8 | digit
            }
            return value
        }
        var value = 0
        var seenDigit = false
        for byte in field {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard value <= (Int.max >> 4) else { throw ArchiveError(.corrupt, "a tar header \(name) is too large") }
                value = value * 8 + Int(byte - UInt8(ascii: "0"))
                seenDigit = true
            case 0, UInt8(ascii: " "):
                if seenDigit { return value }
            default:
                throw ArchiveError(.corrupt, "a tar header has an invalid \(name) field (the file is not a tar archive)")
            }
        }
        return value
    }

    /// `prefix/name` for POSIX ustar headers; GNU headers use the prefix bytes for other things.
    private static func ustarName(_ header: [UInt8]) -> String {
        let name = text(cString(header[0..<100]))
        let isPOSIX = header[257..<263].elementsEqual(Array("ustar\0".utf8))
        guard isPOSIX else { return name }
        let prefix = text(cString(header[345..<500]))
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func cString(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return bytes[..<nul]
    }

    private static func text(_ bytes: some Collection<UInt8>) -> String {
        let trimmed = Array(bytes).prefix { $0 != 0 }
        return String(decoding: trimmed, as: UTF8.self)
    }

    /// Pax records are `LENGTH KEY=VALUE\n`, LENGTH counting the whole record in bytes.
    static func paxValue(_ key: String, in records: [UInt8]) throws -> String? {
        var index = 0
        var found: String?
        while index < records.count {
            guard let space = records[index...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: records[index..<space], as: UTF8.self)), length > 0,
                  index + length <= records.count, records[index + length - 1] == UInt8(ascii: "\n")
            else { throw ArchiveError(.corrupt, "a pax extended header is malformed") }
            let record = records[(space + 1)..<(index + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")),
               String(decoding: record[record.startIndex..<equals], as: UTF8.self) == key {
                found = String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return found
    }
}
