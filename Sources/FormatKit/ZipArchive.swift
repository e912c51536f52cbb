import Compression

/// A zip archive read from its end: the end-of-central-directory record (zip64 too) locates the
/// central directory, which lists the entries; one entry is then extracted by itself. Only the
/// directory and the wanted entry are read, so a large wheel costs a few small reads.
///
/// Limits keep hostile archives cheap: the central directory size and the entry count are
/// bounded at open, each extraction by its own `limit`, and the CRC-32 of what was extracted is
/// checked against the directory.
public struct ZipArchive {
    public let entries: [ZipEntry]
    private let source: ByteSource

    private static let endRecordSize = 22
    private static let maxCommentLength = 0xFFFF

    public init(source: ByteSource, maxCentralDirectorySize: Int = 64 << 20, maxEntries: Int = 500_000) throws {
        self.source = source
        let end = try Self.findEnd(in: source)
        guard end.entryCount <= maxEntries else {
            throw ArchiveError(.tooLarge, "the archive lists \(end.entryCount) entries, more than the \(maxEntries) accepted")
        }
        guard end.directorySize <= maxCentralDirectorySize else {
            throw ArchiveError(.tooLarge, "the central directory is \(end.directorySize) bytes, more than the \(maxCentralDirectorySize) accepted")
        }
        // Bytes prepended to the archive (a self-extractor stub) shift every recorded offset.
        let shift = end.directoryEnd - end.directorySize - end.directoryOffset
        guard shift >= 0 else { throw ArchiveError(.corrupt, "the central directory lies outside the file") }
        let directory = try source.read(offset: end.directoryOffset + shift, count: end.directorySize)
        guard directory.count == end.directorySize else { throw ArchiveError(.corrupt, "the central directory is truncated") }
        entries = try Self.parseDirectory(directory, count: end.entryCount, shift: shift, fileSize: source.size)
    }

    /// The first entry with exactly this path.
    public func entry(named path: String) -> ZipEntry? { entries.first { $0.path == path } }

    /// The entry's uncompressed bytes. Throws `.tooLarge` past `limit`, `.corrupt` when the
    /// data is damaged or its CRC-32 or size differs from the directory's.
    public func extract(_ entry: ZipEntry, limit: Int) throws -> [UInt8] {
        guard !entry.isEncrypted else { throw ArchiveError(.unsupported, "\(entry.path) is encrypted") }
        guard entry.method == 0 || entry.method == 8 else {
            throw ArchiveError(.unsupported, "\(entry.path) uses compression method \(entry.method); only stored and deflate are supported")
        }
        guard entry.uncompressedSize <= limit else {
            throw ArchiveError(.tooLarge, "\(entry.path) is \(entry.uncompressedSize) bytes, more than the \(limit) accepted")
        }
        var local = LittleEndianCursor(try source.read(offset: entry.localHeaderOffset, count: 30), what: "local header of \(entry.path)")
        guard try local.u32() == 0x0403_4B50 else { throw ArchiveError(.corrupt, "the local header of \(entry.path) is missing") }
        try local.skip(22)
        let nameLength = Int(try local.u16())
        let extraLength = Int(try local.u16())
        let dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength
        guard dataStart <= source.size, entry.compressedSize <= source.size - dataStart else {
            throw ArchiveError(.corrupt, "the data of \(entry.path) runs past the end of the file")
        }
        let data: [UInt8]
        if entry.method == 0 {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ArchiveError(.corrupt, "\(entry.path) is stored but its sizes differ")
            }
            data = try source.read(offset: dataStart, count: entry.compressedSize)
        } else {
            let input = SequentialByteReader(source, offset: dataStart, end: dataStart + entry.compressedSize)
            do {
                let reader = try InflateReader(format: .rawDeflate, outputLimit: limit, inputBufferSize: 32 * 1024, read: input.read(into:))
                data = try reader.readAll()
            } catch let error as CompressionError {
                throw ArchiveError.from(error).prefixed("\(entry.path): ")
            }
        }
        guard data.count == entry.uncompressedSize else {
            throw ArchiveError(.corrupt, "\(entry.path) has \(data.count) bytes, the directory says \(entry.uncompressedSize)")
        }
        guard CRC32.checksum(data) == entry.crc32 else { throw ArchiveError(.corrupt, "\(entry.path) fails its CRC-32 check") }
        return data
    }

    // MARK: - End of central directory

    private struct End {
        var entryCount: Int
        var directorySize: Int
        var directoryOffset: Int
        /// Where the central directory should end: the start of the (zip64) end records.
        var directoryEnd: Int
    }

    private static func findEnd(in source: ByteSource) throws -> End {
        guard source.size >= endRecordSize else { throw ArchiveError(.corrupt, "the file is too short to be a zip archive") }
        let tailStart = max(0, source.size - endRecordSize - maxCommentLength)
        let tail = try source.read(offset: tailStart, count: source.size - tailStart)
        var candidate = tail.count - endRecordSize
        while candidate >= 0 {
            if tail[candidate] == 0x50, tail[candidate + 1] == 0x4B, tail[candidate + 2] == 0x05, tail[candidate + 3] == 0x06 {
                let commentLength = Int(tail[candidate + 20]) | Int(tail[candidate + 21]) << 8
                if candidate + endRecordSize + commentLength <= tail.count {
                    return try parseEnd(tail, at: candidate, absolute: tailStart + candidate, source: source)
                }
            }
            candidate -= 1
        }
        throw ArchiveError(.corrupt, "no end of central directory record was found (the file is truncated or not a zip archive)")
    }

    private static func parseEnd(_ tail: [UInt8], at index: Int, absolute: Int, source: ByteSource) throws -> End {
        var cursor = LittleEndianCursor(tail, at: index + 4, what: "end of central directory record")
        let disk = try cursor.u16()
        let directoryDisk = try cursor.u16()
        try cursor.skip(2)
        let count = try cursor.u16()
        let size = try cursor.u32()
        let offset = try cursor.u32()
        if absolute >= 20, let zip64 = try zip64End(locatorAt: absolute - 20, source: source) {
            return zip64
        }
        guard disk == 0, directoryDisk == 0 else { throw ArchiveError(.unsupported, "multi-disk zip archives are not supported") }
        return End(entryCount: Int(count), directorySize: Int(size), directoryOffset: Int(offset), directoryEnd: absolute)
    }

    private static func zip64End(locatorAt offset: Int, source: ByteSource) throws -> End? {
        var locator = LittleEndianCursor(try source.read(offset: offset, count: 20), what: "zip64 locator")
        guard locator.remaining == 20, try locator.u32() == 0x0706_4B50 else { return nil }
        try locator.skip(4)
        let recordOffset = try locator.u64()
        guard recordOffset <= UInt64(offset) else { throw ArchiveError(.corrupt, "the zip64 end record lies outside the file") }
        // Like the directory, the zip64 record may be shifted by prepended bytes: try the recorded
        // offset first, then the place right before the locator.
        for start in [Int(recordOffset), offset - 56] where start >= 0 {
            var record = LittleEndianCursor(try source.read(offset: start, count: 56), what: "zip64 end of central directory record")
            guard record.remaining == 56, try record.u32() == 0x0606_4B50 else { continue }
            try record.skip(8 + 2 + 2)
            let disk = try record.u32()
            let directoryDisk = try record.u32()
            try record.skip(8)
            let count = try record.u64()
            let size = try record.u64()
            let directoryOffset = try record.u64()
            guard disk == 0, directoryDisk == 0 else { throw ArchiveError(.unsupported, "multi-disk zip archives are not supported") }
            let limit = UInt64(Int.max / 2)
            guard count < limit, size < limit, directoryOffset < limit else {
                throw ArchiveError(.corrupt, "the zip64 end record holds impossible sizes")
            }
            return End(entryCount: Int(count), directorySize: Int(size), directoryOffset: Int(directoryOffset), directoryEnd: start)
        }
        throw ArchiveError(.corrupt, "the zip64 end of central directory record is missing")
    }

    // MARK: - Central directory

    private static func parseDirectory(_ bytes: [UInt8], count: Int, shift: Int, fileSize: Int) throws -> [ZipEntry] {
        var cursor = LittleEndianCursor(bytes, what: "central directory")
        var entries: [ZipEntry] = []
        entries.reserveCapacity(min(count, 65536))
        for _ in 0..<count {
            guard try cursor.u32() == 0x0201_4B50 else { throw ArchiveError(.corrupt, "the central directory is damaged") }
            try cursor.skip(4)
            let flags = try cursor.u16()
            let method = try cursor.u16()
            try cursor.skip(4)
            let crc = try cursor.u32()
            var compressed = UInt64(try cursor.u32())
            var uncompressed = UInt64(try cursor.u32())
            let nameLength = Int(try cursor.u16())
            let extraLength = Int(try cursor.u16())
            let commentLength = Int(try cursor.u16())
            try cursor.skip(8)
            var offset = UInt64(try cursor.u32())
            let nameBytes = try cursor.take(nameLength)
            let extra = Array(try cursor.take(extraLength))
            try cursor.skip(commentLength)
            try applyZip64Extra(extra, uncompressed: &uncompressed, compressed: &compressed, offset: &offset)
            let path = decodeName(nameBytes)
            guard compressed <= UInt64(fileSize), uncompressed < UInt64(Int.max / 2), offset <= UInt64(fileSize) else {
                throw ArchiveError(.corrupt, "the directory entry of \(path) holds impossible sizes")
            }
            entries.append(
                ZipEntry(
                    path: path, method: method, flags: flags, crc32: crc, compressedSize: Int(compressed),
                    uncompressedSize: Int(uncompressed), localHeaderOffset: Int(offset) + shift
                )
            )
        }
        return entries
    }

    /// The zip64 extra field (id 1) holds, in order, only the values whose 32-bit field is 0xFFFFFFFF.
    private static func applyZip64Extra(_ extra: [UInt8], uncompressed: inout UInt64, compressed: inout UInt64, offset: inout UInt64) throws {
        var cursor = LittleEndianCursor(extra, what: "extra field")
        while cursor.remaining >= 4 {
            let id = try cursor.u16()
            let size = Int(try cursor.u16())
            let body = Array(try cursor.take(size))
            guard id == 0x0001 else { continue }
            var field = LittleEndianCursor(body, what: "zip64 extra field")
            if uncompressed == 0xFFFF_FFFF { uncompressed = try field.u64() }
            if compressed == 0xFFFF_FFFF { compressed = try field.u64() }
            if offset == 0xFFFF_FFFF { offset = try field.u64() }
            return
        }
    }

    /// Names are UTF-8 when flag bit 11 says so, and in practice often UTF-8 without it; other
    /// bytes are taken as Latin-1 rather than failing, since only ASCII names matter here.
    private static func decodeName(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

extension ArchiveError {
    func prefixed(_ prefix: String) -> ArchiveError { ArchiveError(kind, prefix + message) }
}
