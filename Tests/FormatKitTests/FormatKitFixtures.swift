import Foundation

/// The fixture files FormatKit's readers are tested with: real archives and upload bodies of the
/// formats, in `Tests/Fixtures/formats/` (found from this file).
enum FormatKitFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/formats")

    static let wheelName = "tiny_demo-1.0rc1-py3-none-any.whl"
    static let sdistName = "tiny-demo-1.0rc1.tar.gz"

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }
    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try data(name)) }
}
