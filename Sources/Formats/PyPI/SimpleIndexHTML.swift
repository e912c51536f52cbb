extension SimpleIndex {
    /// The PEP 503 project page. Each link carries `#sha256=`, `data-requires-python`, both
    /// `data-dist-info-metadata` (PEP 658, read by pip < 23.3) and `data-core-metadata` (PEP 714),
    /// and `data-yanked` only for yanked files. Every attribute value is HTML-escaped.
    public static func projectHTML(_ page: ProjectPage) -> [UInt8] {
        var html = """
            <!DOCTYPE html>
            <html>
              <head>
                <meta name="pypi:repository-version" content="\(apiVersion)">
                <title>Links for \(escapeHTML(page.name))</title>
              </head>
              <body>
                <h1>Links for \(escapeHTML(page.name))</h1>

            """
        for file in page.files {
            var attributes = "href=\"\(escapeHTML(encodeURLPath(file.url) + "#sha256=" + file.sha256))\""
            if let requiresPython = file.requiresPython {
                attributes += " data-requires-python=\"\(escapeHTML(requiresPython))\""
            }
            if let metadata = file.coreMetadataSHA256 {
                let value = escapeHTML("sha256=" + metadata)
                attributes += " data-dist-info-metadata=\"\(value)\" data-core-metadata=\"\(value)\""
            }
            if file.yanked {
                attributes += " data-yanked=\"\(escapeHTML(file.yankedReason ?? ""))\""
            }
            html += "    <a \(attributes)>\(escapeHTML(file.filename))</a><br>\n"
        }
        html += "  </body>\n</html>\n"
        return Array(html.utf8)
    }

    /// The PEP 503 root index: one link per project to `{normalized}/`, sorted by normalized name.
    public static func rootHTML(projects: [String]) -> [UInt8] {
        var html = """
            <!DOCTYPE html>
            <html>
              <head>
                <meta name="pypi:repository-version" content="\(apiVersion)">
                <title>Simple index</title>
              </head>
              <body>

            """
        for name in projects.sorted(by: { normalizedName($0) < normalizedName($1) }) {
            html += "    <a href=\"\(escapeHTML(encodeURLPath(normalizedName(name)) + "/"))\">\(escapeHTML(name))</a><br>\n"
        }
        html += "  </body>\n</html>\n"
        return Array(html.utf8)
    }

    /// Escapes text for HTML content and double- or single-quoted attribute values.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
