import XCTest

@testable import PyPIFormat

final class PyPIUpstreamPageTests: XCTestCase {
    func testHTMLPagesAsPypiserverAndWarehouseWriteThem() {
        let html = """
            <!DOCTYPE html><html><body><h1>Links for demo</h1>
            <a href="/packages/demo-1.0-py3-none-any.whl#sha256=AB12" data-requires-python="&gt;=3.8">demo-1.0-py3-none-any.whl</a><br>
            <A HREF='../../files/demo-1.1.tar.gz#md5=ffff' data-yanked>demo-1.1.tar.gz</A>
            <a href="https://files.example/demo-2.0.zip">  </a>
            <a name="no-href">ignored</a>
            </body></html>
            """
        let files = PyPIUpstreamPage.parse(Array(html.utf8), pageURL: "http://mirror:8080/simple/demo/")
        XCTAssertEqual(files, [
            UpstreamFile(
                filename: "demo-1.0-py3-none-any.whl", url: "http://mirror:8080/packages/demo-1.0-py3-none-any.whl", sha256: "ab12",
                requiresPython: ">=3.8", yanked: false, size: nil),
            UpstreamFile(
                filename: "demo-1.1.tar.gz", url: "http://mirror:8080/files/demo-1.1.tar.gz", sha256: nil, requiresPython: nil, yanked: true,
                size: nil),
            UpstreamFile(
                filename: "demo-2.0.zip", url: "https://files.example/demo-2.0.zip", sha256: nil, requiresPython: nil, yanked: false,
                size: nil),
        ])
    }

    func testJSONPages() {
        let json = """
            {"meta":{"api-version":"1.1"},"name":"demo","files":[
             {"filename":"demo-1.0.tar.gz","url":"../../f/demo-1.0.tar.gz","hashes":{"sha256":"cd34"},"size":10,"yanked":false},
             {"filename":"demo-0.9.tar.gz","url":"demo-0.9.tar.gz#sha256=ef56","hashes":{},"requires-python":">=3","yanked":"broken"}]}
            """
        let files = PyPIUpstreamPage.parse(Array(json.utf8), pageURL: "https://host/simple/demo/")
        XCTAssertEqual(files.map(\.url), ["https://host/f/demo-1.0.tar.gz", "https://host/simple/demo/demo-0.9.tar.gz"])
        XCTAssertEqual(files.map(\.sha256), ["cd34", "ef56"])
        XCTAssertEqual(files.map(\.yanked), [false, true])
        XCTAssertEqual(files.map(\.size), [10, nil])
        XCTAssertEqual(files[1].requiresPython, ">=3")
    }

    func testGarbageIsNoFiles() {
        XCTAssertEqual(PyPIUpstreamPage.parse(Array("{not json".utf8), pageURL: "http://h/"), [])
        XCTAssertEqual(PyPIUpstreamPage.parse([], pageURL: "http://h/"), [])
    }

    func testReferenceResolution() {
        let base = "http://h:1/a/b/c?q=1"
        XCTAssertEqual(URLReference.resolve("d", against: base), "http://h:1/a/b/d")
        XCTAssertEqual(URLReference.resolve("../d", against: base), "http://h:1/a/d")
        XCTAssertEqual(URLReference.resolve("../../../../d", against: base), "http://h:1/d")
        XCTAssertEqual(URLReference.resolve("/x/./y", against: base), "http://h:1/x/y")
        XCTAssertEqual(URLReference.resolve("//cdn/z", against: base), "http://cdn/z")
        XCTAssertEqual(URLReference.resolve("https://o/p", against: base), "https://o/p")
        XCTAssertEqual(URLReference.resolve("e?x=1", against: "http://h/dir/"), "http://h/dir/e?x=1")
    }
}
