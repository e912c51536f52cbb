/// Bounds-checked little-endian reads over a byte array, for the fixed-layout records of zip.
/// Every read past the end throws, so a truncated or hostile record cannot trap the worker.
struct LittleEndianCursor {
    let bytes: [UInt8]
    var position: Int
    let what: String

    init(_ bytes: [UInt8], at position: Int = 0, what: String) {
        self.bytes = bytes
        self.position = position
        self.what = what
    }

    var remaining: Int { bytes.count - position }

    mutating func skip(_ count: Int) throws {
        try need(count)
        position += count
    }

    mutating func u16() throws -> UInt16 { UInt16(truncatingIfNeeded: try unsigned(2)) }
    mutating func u32() throws -> UInt32 { UInt32(truncatingIfNeeded: try unsigned(4)) }
    mutating func u64() throws -> UInt64 { try unsigned(8) }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        try need(count)
        defer { position += count }
        return bytes[position..<position + count]
    }

    private mutating func unsigned(_ width: Int) throws -> UInt64 {
        try need(width)
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += width
        return value
    }

    private func need(_ count: Int) throws {
        guard count >= 0, position >= 0, count <= bytes.count - position else {
            throw ArchiveError(.corrupt, "the \(what) is truncated")
        }
    }
}
