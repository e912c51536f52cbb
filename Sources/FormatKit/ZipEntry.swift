/// One member of a zip archive as its central directory describes it.
public struct ZipEntry: Sendable, Equatable {
    /// The member's path inside the archive, `/`-separated; directories end in `/`.
    public let path: String
    /// 0 = stored, 8 = deflate; others are refused on extraction.
    public let method: UInt16
    public let flags: UInt16
    public let crc32: UInt32
    public let compressedSize: Int
    public let uncompressedSize: Int
    /// Where the member's local header starts, already corrected for bytes prepended to the archive.
    public let localHeaderOffset: Int

    public init(
        path: String, method: UInt16, flags: UInt16, crc32: UInt32, compressedSize: Int, uncompressedSize: Int, localHeaderOffset: Int
    ) {
        self.path = path
        self.method = method
        self.flags = flags
        self.crc32 = crc32
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.localHeaderOffset = localHeaderOffset
    }

    public var isDirectory: Bool { path.hasSuffix("/") }
    public var isEncrypted: Bool { flags & 1 != 0 }
}
