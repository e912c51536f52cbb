import XCTest

@testable import FormatKit

final class EscapingTests: XCTestCase {
    func testHTML() {
        XCTAssertEqual(Escaping.html("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        XCTAssertEqual(Escaping.html("café ✓"), "café ✓")
    }

    func testXML() {
        XCTAssertEqual(Escaping.xmlAttribute("<a b='c'>&\"\t\n\r"), "&lt;a b=&apos;c&apos;&gt;&amp;&quot;&#9;&#10;&#13;")
        XCTAssertEqual(Escaping.xmlText("a < b && ]]> 'q' \"q\""), "a &lt; b &amp;&amp; ]]&gt; 'q' \"q\"")
    }
}
