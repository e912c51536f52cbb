import FoundationEssentials

/// One file a registry's project page offers.
struct UpstreamFile: Equatable {
    let filename: String
    /// Absolute, without the fragment.
    let url: String
    let sha256: String?
    let requiresPython: String?
    let yanked: Bool
    let size: Int?
}

/// Reads a registry's project page (PEP 691 JSON, or PEP 503 HTML — pypiserver and older
/// mirrors answer HTML) into the files it offers, links resolved against the page's URL.
enum PyPIUpstreamPage {
    static let accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"

    static func parse(_ body: [UInt8], pageURL: String) -> [UpstreamFile] {
        let first = body.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }
        return first == UInt8(ascii: "{") ? parseJSON(body, pageURL: pageURL) : parseHTML(String(decoding: body, as: UTF8.self), pageURL: pageURL)
    }

    private struct Page: Decodable {
        struct File: Decodable {
            let filename: String
            let url: String
            let hashes: [String: String]?
            let requiresPython: String?
            let yanked: YankedValue?
            let size: Int?

            enum CodingKeys: String, CodingKey {
                case filename, url, hashes, yanked, size
                case requiresPython = "requires-python"
            }
        }
        let files: [File]
    }

    /// PEP 691's `yanked`: false, true, or the reason.
    private enum YankedValue: Decodable {
        case flag(Bool)
        case reason(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .flag(flag) } else { self = .reason(try container.decode(String.self)) }
        }

        var isYanked: Bool {
            switch self {
            case .flag(let flag): flag
            case .reason: true
            }
        }
    }

    private static func parseJSON(_ body: [UInt8], pageURL: String) -> [UpstreamFile] {
        guard let page = try? JSONDecoder().decode(Page.self, from: Data(body)) else { return [] }
        return page.files.map { file in
            let (url, fragment) = split(file.url)
            return UpstreamFile(
                filename: file.filename, url: URLReference.resolve(url, against: pageURL),
                sha256: file.hashes?["sha256"] ?? fragment, requiresPython: file.requiresPython, yanked: file.yanked?.isYanked ?? false,
                size: file.size)
        }
    }

    /// `<a href="…#sha256=…" data-requires-python="…" data-yanked>name</a>`, attributes in any order.
    private static func parseHTML(_ html: String, pageURL: String) -> [UpstreamFile] {
        var files: [UpstreamFile] = []
        var rest = html[...]
        while let open = earliest(in: rest, ["<a ", "<A ", "<a\n", "<A\n"]) {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">"), let close = earliest(in: rest[tagEnd...], ["</a>", "</A>"]) else {
                break
            }
            let attributes = Self.attributes(rest[open.upperBound..<tagEnd])
            let text = trimmed(unescape(String(rest[rest.index(after: tagEnd)..<close.lowerBound])))
            rest = rest[close.upperBound...]
            guard let href = attributes["href"] else { continue }
            let (url, fragment) = split(href)
            let absolute = URLReference.resolve(url, against: pageURL)
            let name = text.isEmpty ? String(absolute.split(separator: "/").last ?? "") : text
            files.append(UpstreamFile(
                filename: name, url: absolute, sha256: fragment, requiresPython: attributes["data-requires-python"],
                yanked: attributes["data-yanked"] != nil, size: nil))
        }
        return files
    }

    private static func earliest(in text: Substring, _ needles: [String]) -> Range<Substring.Index>? {
        needles.compactMap { text.firstRange(of: $0) }.min { $0.lowerBound < $1.lowerBound }
    }

    private static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }

    /// `name="value"`, `name='value'`, `name=value` and bare `name`, names lower-cased.
    private static func attributes(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var index = text.startIndex
        func skipSpace() { while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) } }
        while true {
            skipSpace()
            guard index < text.endIndex else { break }
            let nameStart = index
            while index < text.endIndex, !text[index].isWhitespace, text[index] != "=", text[index] != "/" { index = text.index(after: index) }
            let name = text[nameStart..<index].lowercased()
            if name.isEmpty { index = text.index(after: index); continue }
            skipSpace()
            guard index < text.endIndex, text[index] == "=" else {
                result[name] = ""
                continue
            }
            index = text.index(after: index)
            skipSpace()
            var value = ""
            if index < text.endIndex, text[index] == "\"" || text[index] == "'" {
                let quote = text[index]
                index = text.index(after: index)
                let valueStart = index
                while index < text.endIndex, text[index] != quote { index = text.index(after: index) }
                value = String(text[valueStart..<index])
                if index < text.endIndex { index = text.index(after: index) }
            } else {
                let valueStart = index
                while index < text.endIndex, !text[index].isWhitespace { index = text.index(after: index) }
                value = String(text[valueStart..<index])
            }
            result[name] = unescape(value)
        }
        return result
    }

    /// The URL and, when its fragment is `sha256=HEX`, the digest.
    private static func split(_ href: String) -> (String, String?) {
        guard let hash = href.firstIndex(of: "#") else { return (href, nil) }
        let fragment = href[href.index(after: hash)...]
        let digest = fragment.hasPrefix("sha256=") ? String(fragment.dropFirst(7)).lowercased() : nil
        return (String(href[..<hash]), digest)
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&amp;", "&")] {
            out = out.replacing(entity, with: character)
        }
        return out
    }
}

/// RFC 3986 reference resolution, for the links of a fetched page.
enum URLReference {
    static func resolve(_ reference: String, against base: String) -> String {
        if reference.contains("://") { return reference }
        guard let schemeEnd = base.firstRange(of: "://") else { return reference }
        let afterScheme = base[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let origin = String(base[..<authorityEnd])
        if reference.hasPrefix("//") { return String(base[..<schemeEnd.lowerBound]) + ":" + reference }
        var path: String
        if reference.hasPrefix("/") {
            path = reference
        } else {
            var basePath = String(base[authorityEnd...])
            if let query = basePath.firstIndex(where: { $0 == "?" || $0 == "#" }) { basePath = String(basePath[..<query]) }
            let directory = basePath.isEmpty ? "/" : String(basePath[...(basePath.lastIndex(of: "/") ?? basePath.startIndex)])
            path = directory + reference
        }
        var query = ""
        if let mark = path.firstIndex(of: "?") {
            query = String(path[mark...])
            path = String(path[..<mark])
        }
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            switch part {
            case ".": if index == parts.count - 1 { segments.append("") }
            case "..":
                if segments.count > 1 { segments.removeLast() }
                if index == parts.count - 1 { segments.append("") }
            default: segments.append(part)
            }
        }
        return origin + segments.joined(separator: "/") + query
    }
}
