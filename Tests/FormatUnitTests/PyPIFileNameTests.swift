@testable import PyPIFormat
import XCTest

final class PyPIFileNameTests: XCTestCase {
    func testWheelNames() throws {
        let plain = try DistributionFileName("tiny_demo-1.0rc1-py3-none-any.whl")
        XCTAssertEqual(plain.name, "tiny_demo")
        XCTAssertEqual(plain.version, "1.0rc1")
        XCTAssertEqual(plain.packageType, .wheel)
        XCTAssertEqual(plain.packageType.rawValue, "bdist_wheel")
        XCTAssertNil(plain.buildTag)
        XCTAssertEqual([plain.pythonTag, plain.abiTag, plain.platformTag], ["py3", "none", "any"])

        let built = try DistributionFileName("numpy-1.26.4-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
        XCTAssertEqual(built.buildTag, "1")
        XCTAssertEqual(built.platformTag, "manylinux_2_17_x86_64.manylinux2014_x86_64")

        for bad in ["demo-1.0-py3-none.whl", "demo-1.0-x-py3-none-any.whl", "demo--py3-none-any.whl", "a-b-c-d-e-f-g.whl"] {
            XCTAssertThrowsError(try DistributionFileName(bad), bad) { XCTAssertEqual(($0 as? PyPIError)?.kind, .invalidFileName) }
        }
    }

    func testSdistNames() throws {
        let modern = try DistributionFileName("tiny_demo-1.0rc1.tar.gz")
        XCTAssertEqual([modern.name, modern.version], ["tiny_demo", "1.0rc1"])
        XCTAssertEqual(modern.packageType.rawValue, "sdist")
        let legacy = try DistributionFileName("my-old-package-2.0.post1.zip")
        XCTAssertEqual([legacy.name, legacy.version], ["my-old-package", "2.0.post1"])
        let digitName = try DistributionFileName("py-3to2-1.0.tar.gz")
        XCTAssertEqual([digitName.name, digitName.version], ["py-3to2", "1.0"], "the first split with a PEP 440 version wins")
        let implicitPost = try DistributionFileName("foo-1.0-1.tar.gz")
        XCTAssertEqual([implicitPost.name, implicitPost.version], ["foo", "1.0-1"])
        let odd = try DistributionFileName("foo-1.x.y.tar.gz")
        XCTAssertEqual([odd.name, odd.version], ["foo", "1.x.y"], "no PEP 440 split: the first dash before a digit")
        XCTAssertThrowsError(try DistributionFileName("foo.tar.gz"))
        XCTAssertThrowsError(try DistributionFileName("foo-1.0.tar.bz2")) {
            XCTAssertTrue(($0 as? PyPIError)?.message.contains("not a supported distribution file") == true)
        }
    }

    func testUnsafeNamesAreRefused() {
        for bad in ["../evil-1.0.tar.gz", "dir/evil-1.0.tar.gz", "dir\\evil-1.0.tar.gz", "evil-1.0\u{0}.tar.gz", "evil\n-1.0.tar.gz",
                    "evil-1..0.tar.gz", "", "evil-1.0\u{7F}.tar.gz", String(repeating: "a", count: 300) + "-1.0.tar.gz"] {
            XCTAssertThrowsError(try DistributionFileName(bad), bad.debugDescription) {
                XCTAssertEqual(($0 as? PyPIError)?.kind, .invalidFileName)
            }
        }
    }
}
