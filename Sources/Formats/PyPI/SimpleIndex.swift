import FormatKit
import GranaryCore
import GranaryCrypto

/// The simple repository API pip and uv read: PEP 503 HTML and PEP 691 JSON, with PEP 658/714
/// core metadata, PEP 592 yanking and PEP 700 sizes, upload times and version lists. Renderers
/// are pure (values in, bytes out) so pages can be rendered on write and served by nginx.
public enum SimpleIndex {
    /// API version announced in both forms (1.1 = PEP 700).
    public static let apiVersion = "1.1"

    /// The two representations. Interpolated (`"\(format)"`) it reads `html` or `json`.
    /// Its `description` names the form in memo and page keys (spelled out: reflection is slow).
    public enum Format: Sendable, Equatable, CustomStringConvertible {
        case html, json

        public var description: String {
            switch self {
            case .html: "html"
            case .json: "json"
            }
        }

        /// The Content-Type to answer with. HTML goes out as `text/html` (the PEP 691 alias of
        /// `application/vnd.pypi.simple.v1+html`), which every installer accepts and a browser shows.
        public var contentType: String {
            switch self {
            case .html: "text/html; charset=utf-8"
            case .json: "application/vnd.pypi.simple.v1+json"
            }
        }
    }

    /// PEP 691 content negotiation over `Accept`: the acceptable type with the highest q-value
    /// wins, ties go to the type listed first, and HTML is the default (also when nothing listed
    /// is acceptable). Responses should carry `Vary: Accept`.
    public static func format(accept: String?) -> Format {
        guard let accept, !accept.trimmed.isEmpty else { return .html }
        var best: (format: Format, quality: Double)?
        for range in accept.split(separator: ",") {
            let (mediaType, parameters) = HeaderParameters.parse(String(range))
            let quality = parameters["q"].flatMap { Double($0.trimmed) } ?? 1
            guard quality > 0, let offered = offer(for: mediaType.lowercased()) else { continue }
            if best == nil || quality > best!.quality { best = (offered, quality) }
        }
        return best?.format ?? .html
    }

    private static func offer(for mediaType: String) -> Format? {
        switch mediaType {
        case "application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.latest+json": .json
        case "application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.latest+html", "text/html", "text/*", "*/*": .html
        default: nil
        }
    }

    // MARK: - Rendering

    /// The project page in the negotiated format.
    public static func render(_ page: ProjectPage, form format: Format) -> [UInt8] {
        switch format {
        case .html: projectHTML(page)
        case .json: projectJSON(page)
        }
    }

    /// The root index (`/simple/`) in the negotiated format; `projects` are display names.
    public static func renderRoot(projects: [String], form format: Format) -> [UInt8] {
        switch format {
        case .html: rootHTML(projects: projects)
        case .json: rootJSON(projects: projects)
        }
    }

    /// PEP 503 normalized name: the last segment of a project's URL.
    public static func normalizedName(_ name: String) -> String {
        PackageCoordinate(format: .pypi, namespace: nil, name: name).key.name
    }

    /// Percent-encodes each `/`-separated segment of `url`, keeping RFC 3986 unreserved
    /// characters and `:` `@` (so `https://host/…` and `../..` survive).
    public static func encodeURLPath(_ url: String) -> String {
        PercentEscapes.encode(url.utf8, uppercase: true) { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: ":"),
                UInt8(ascii: "@"):
                true
            default: false
            }
        }
    }

    /// The PEP 700 upload-time form (`yyyy-mm-ddThh:mm:ss.fffZ`, UTC).
    public static func iso8601(_ epochSeconds: Double) -> String { Timestamps.iso8601Milliseconds(epochSeconds) }
}
