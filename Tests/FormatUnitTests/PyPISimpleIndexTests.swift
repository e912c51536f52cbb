import Foundation
@testable import PyPIFormat
import XCTest

final class PyPISimpleIndexTests: XCTestCase {
    private let page = ProjectPage(
        name: "Tiny_Demo",
        files: [
            ProjectFile(filename: "tiny_demo-1.0-py3-none-any.whl", url: "../../files/tiny-demo/1.0/tiny_demo-1.0-py3-none-any.whl",
                        sha256: "aa11", size: 1504, uploadTime: 1_700_000_000.25, requiresPython: ">=3.8", coreMetadataSHA256: "bb22"),
            ProjectFile(filename: "tiny-demo-0.9+local.tar.gz", url: "../../files/tiny-demo/0.9+local/tiny-demo-0.9+local.tar.gz",
                        sha256: "cc33", size: 10, uploadTime: 0, yanked: true, yankedReason: "broken <build> & \"bad\""),
            ProjectFile(filename: "tiny-demo-0.8.zip", url: "../../files/tiny-demo/0.8/tiny demo#0.8.zip", sha256: "dd44", size: 1,
                        uploadTime: 951_782_400, yanked: true),
        ],
        versions: ["1.0", "0.9+local", "0.10", "0.8", "weird"]
    )

    func testProjectHTML() {
        let html = String(decoding: SimpleIndex.projectHTML(page), as: UTF8.self)
        XCTAssertTrue(html.contains("<meta name=\"pypi:repository-version\" content=\"1.1\">"))
        XCTAssertTrue(html.contains("<title>Links for Tiny_Demo</title>"))
        XCTAssertTrue(html.contains(
            "<a href=\"../../files/tiny-demo/1.0/tiny_demo-1.0-py3-none-any.whl#sha256=aa11\" data-requires-python=\"&gt;=3.8\" "
            + "data-dist-info-metadata=\"sha256=bb22\" data-core-metadata=\"sha256=bb22\">tiny_demo-1.0-py3-none-any.whl</a><br>"))
        XCTAssertTrue(html.contains(
            "<a href=\"../../files/tiny-demo/0.9%2Blocal/tiny-demo-0.9%2Blocal.tar.gz#sha256=cc33\" "
            + "data-yanked=\"broken &lt;build&gt; &amp; &quot;bad&quot;\">tiny-demo-0.9+local.tar.gz</a>"))
        XCTAssertTrue(html.contains("<a href=\"../../files/tiny-demo/0.8/tiny%20demo%230.8.zip#sha256=dd44\" data-yanked=\"\">"))
        XCTAssertEqual(html.components(separatedBy: "data-yanked").count, 3, "only yanked files carry data-yanked")
    }

    func testProjectJSON() throws {
        let json = try JSONSerialization.jsonObject(with: Data(SimpleIndex.projectJSON(page))) as! [String: Any]
        XCTAssertEqual(json["meta"] as? [String: String], ["api-version": "1.1"])
        XCTAssertEqual(json["name"] as? String, "tiny-demo", "PEP 691 wants the normalized name")
        XCTAssertEqual(json["versions"] as? [String], ["weird", "0.8", "0.9+local", "0.10", "1.0"])
        let files = json["files"] as! [[String: Any]]
        XCTAssertEqual(files.count, 3)
        XCTAssertEqual(files[0]["filename"] as? String, "tiny_demo-1.0-py3-none-any.whl")
        XCTAssertEqual(files[0]["url"] as? String, "../../files/tiny-demo/1.0/tiny_demo-1.0-py3-none-any.whl")
        XCTAssertEqual(files[0]["hashes"] as? [String: String], ["sha256": "aa11"])
        XCTAssertEqual(files[0]["requires-python"] as? String, ">=3.8")
        XCTAssertEqual(files[0]["core-metadata"] as? [String: String], ["sha256": "bb22"])
        XCTAssertEqual(files[0]["dist-info-metadata"] as? [String: String], ["sha256": "bb22"])
        XCTAssertEqual(files[0]["yanked"] as? Bool, false)
        XCTAssertEqual(files[0]["size"] as? Int, 1504)
        XCTAssertEqual(files[0]["upload-time"] as? String, "2023-11-14T22:13:20.250Z")
        XCTAssertNil(files[1]["requires-python"])
        XCTAssertEqual(files[1]["core-metadata"] as? Bool, false)
        XCTAssertEqual(files[1]["dist-info-metadata"] as? Bool, false)
        XCTAssertEqual(files[1]["yanked"] as? String, "broken <build> & \"bad\"")
        XCTAssertEqual(files[1]["url"] as? String, "../../files/tiny-demo/0.9%2Blocal/tiny-demo-0.9%2Blocal.tar.gz")
        XCTAssertEqual(files[1]["upload-time"] as? String, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(files[2]["yanked"] as? Bool, true)
        XCTAssertEqual(files[2]["upload-time"] as? String, "2000-02-29T00:00:00.000Z")
        // Key order is stable (sorted), so rendered pages can be cached and compared byte for byte.
        XCTAssertEqual(SimpleIndex.projectJSON(page), SimpleIndex.render(page, form: .json))
    }

    func testRootIndex() throws {
        let projects = ["Zope.Interface", "a_b", "Django"]
        let html = String(decoding: SimpleIndex.renderRoot(projects: projects, form: .html), as: UTF8.self)
        XCTAssertTrue(html.contains("<a href=\"a-b/\">a_b</a><br>\n    <a href=\"django/\">Django</a><br>\n    <a href=\"zope-interface/\">Zope.Interface</a>"))
        let json = try JSONSerialization.jsonObject(with: Data(SimpleIndex.rootJSON(projects: projects))) as! [String: Any]
        XCTAssertEqual(json["meta"] as? [String: String], ["api-version": "1.1"])
        XCTAssertEqual((json["projects"] as? [[String: String]])?.map { $0["name"] }, ["a_b", "Django", "Zope.Interface"])
    }

    func testContentNegotiation() {
        let pip = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"
        XCTAssertEqual(SimpleIndex.format(accept: pip), .json)
        XCTAssertEqual(SimpleIndex.format(accept: nil), .html)
        XCTAssertEqual(SimpleIndex.format(accept: ""), .html)
        XCTAssertEqual(SimpleIndex.format(accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), .html)
        XCTAssertEqual(SimpleIndex.format(accept: "text/html;q=0.5, application/vnd.pypi.simple.latest+json;q=0.6"), .json)
        XCTAssertEqual(SimpleIndex.format(accept: "application/vnd.pypi.simple.v1+json;q=0, text/html"), .html)
        XCTAssertEqual(SimpleIndex.format(accept: "application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json"), .html,
                       "ties go to the first listed")
        XCTAssertEqual(SimpleIndex.format(accept: "application/json"), .html, "nothing acceptable: the default")
        XCTAssertEqual(SimpleIndex.Format.json.contentType, "application/vnd.pypi.simple.v1+json")
        XCTAssertEqual(SimpleIndex.Format.html.contentType, "text/html; charset=utf-8")
        XCTAssertEqual("\(SimpleIndex.Format.json)", "json")
    }

    func testEncodingHelpers() {
        XCTAssertEqual(SimpleIndex.encodeURLPath("https://h.example/a b/ü?#%"), "https://h.example/a%20b/%C3%BC%3F%23%25")
        XCTAssertEqual(SimpleIndex.iso8601(-1.5), "1969-12-31T23:59:58.500Z")
        XCTAssertEqual(SimpleIndex.normalizedName("Foo__Bar.baz"), "foo-bar-baz")
    }
}
