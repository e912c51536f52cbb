import FoundationEssentials

/// What Granary keeps per distribution file beyond the asset row (`format_data`): the file's
/// Requires-Python and its core metadata (served as `{file}.metadata`, PEP 658), read from the
/// archive at upload.
struct PyPIFileData: Codable, Equatable {
    var requiresPython: String?
    var coreMetadata: String?
    var coreMetadataSHA256: String?

    enum CodingKeys: String, CodingKey {
        case requiresPython = "requires_python"
        case coreMetadata = "core_metadata"
        case coreMetadataSHA256 = "core_metadata_sha256"
    }

    var encoded: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String?) -> PyPIFileData {
        guard let text, let data = try? JSONDecoder().decode(PyPIFileData.self, from: Data(text.utf8)) else { return PyPIFileData() }
        return data
    }
}
