import FormatKit

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
                <title>Links for \(Escaping.html(page.name))</title>
              </head>
              <body>
                <h1>Links for \(Escaping.html(page.name))</h1>

            """
        for file in page.files {
            var attributes = "href=\"\(Escaping.html(encodeURLPath(file.url) + "#sha256=" + file.sha256))\""
            if let requiresPython = file.requiresPython {
                attributes += " data-requires-python=\"\(Escaping.html(requiresPython))\""
            }
            if let metadata = file.coreMetadataSHA256 {
                let value = Escaping.html("sha256=" + metadata)
                attributes += " data-dist-info-metadata=\"\(value)\" data-core-metadata=\"\(value)\""
            }
            if file.yanked {
                attributes += " data-yanked=\"\(Escaping.html(file.yankedReason ?? ""))\""
            }
            html += "    <a \(attributes)>\(Escaping.html(file.filename))</a><br>\n"
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
            html += "    <a href=\"\(Escaping.html(encodeURLPath(normalizedName(name)) + "/"))\">\(Escaping.html(name))</a><br>\n"
        }
        html += "  </body>\n</html>\n"
        return Array(html.utf8)
    }
}
