import Compression
import Foundation
@testable import PyPIFormat

/// Fixtures of the PyPI tests (`Tests/Fixtures/formats/pypi/`, made by its make_fixtures.py)
/// and a tiny zip writer for archives too odd to build with Python.
enum PyPIFixtures {
    static let wheelName = "tiny_demo-1.0rc1-py3-none-any.whl"
    static let sdistName = "tiny-demo-1.0rc1.tar.gz"
    static let zipSdistName = "tiny-demo-1.0rc1.zip"

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try FormatFixtures.data("pypi/" + name)) }

    /// A zip of stored (uncompressed) entries with correct CRCs; `flags` applies to every entry.
    static func storedZip(_ entries: [(String, [UInt8])], flags: UInt16 = 0) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32, _ into: inout [UInt8]) { for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8(value >> UInt32(shift) & 0xFF)) } }
        for (name, data) in entries {
            let offset = out.count
            let crc = CRC32.checksum(data)
            let nameBytes = Array(name.utf8)
            u32(0x0403_4B50, &out); u16(20, &out); u16(Int(flags), &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out); u16(nameBytes.count, &out); u16(0, &out)
            out += nameBytes + data
            u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(Int(flags), &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(crc, &directory); u32(UInt32(data.count), &directory)
            u32(UInt32(data.count), &directory); u16(nameBytes.count, &directory); u16(0, &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(0, &directory); u32(UInt32(offset), &directory)
            directory += nameBytes
        }
        let directoryOffset = out.count
        out += directory
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(directory.count), &out); u32(UInt32(directoryOffset), &out); u16(0, &out)
        return out
    }
}
