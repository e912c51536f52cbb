import XCTest

@testable import NuGetFormat

/// The `$filter` / `$orderby` subset the v2 clients send, evaluated against a record; hostile
/// expressions refused.
final class NuGetODataFilterTests: XCTestCase {
    struct Record: ODataRecord {
        var values: [String: ODataValue]
        func value(of property: String) -> ODataValue? { values[property] }
    }

    let tool = Record(values: ["Id": .string("Choco.Tool"), "IsLatestVersion": .bool(true), "IsPrerelease": .bool(false),
                               "DownloadCount": .number(3), "Title": .null])

    func matches(_ filter: String) throws -> Bool { try ODataParser.evaluate(try ODataParser.filter(filter), tool).bool }

    func testWhatClientsSend() throws {
        XCTAssertTrue(try matches("IsLatestVersion"))
        XCTAssertTrue(try matches("(tolower(Id) eq 'choco.tool') and IsLatestVersion"))
        XCTAssertTrue(try matches("substringof('tool', tolower(Id)) and not IsPrerelease"))
        XCTAssertTrue(try matches("startswith(Id, 'Choco') or false"))
        XCTAssertFalse(try matches("Id eq 'choco.tool'"))
        XCTAssertTrue(try matches("DownloadCount ge 3 and DownloadCount lt 4"))
        XCTAssertTrue(try matches("Title eq null"))
        XCTAssertTrue(try matches("concat(Id, 'x') eq 'Choco.Toolx'"))
        XCTAssertFalse(try matches("Id eq 'it''s'"))
        let order = try ODataParser.orderBy("Id desc, Version")
        XCTAssertEqual(order.map(\.descending), [true, false])
    }

    func testHostileOrUnknownExpressionsAreRefused() {
        for bad in ["Id eq", "unknown(Id)", "'open", "(" + String(repeating: "(", count: 60) + "true" + String(repeating: ")", count: 61),
                    String(repeating: "a", count: 5000), "Id eq 'x' 'y'", "tolower(Id, Id)", "Id @ 1"] {
            XCTAssertThrowsError(try ODataParser.filter(bad), bad.prefix(40).description)
        }
        XCTAssertThrowsError(try ODataParser.evaluate(try ODataParser.filter("NoSuch eq 1"), tool))
    }
}
