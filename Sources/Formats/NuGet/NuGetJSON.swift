import FoundationEssentials

/// The JSON of every NuGet document Granary writes: Foundation's encoder, URLs unescaped.
enum NuGetJSON {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
