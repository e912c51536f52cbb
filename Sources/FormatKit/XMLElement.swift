/// An element of a document `XMLReader` read: its name with any namespace prefix as written
/// (`localName` matches regardless of it), attributes in document order, child elements, and
/// its own character data.
public struct XMLElement: Sendable, Equatable {
    public let name: String
    public var attributes: [(name: String, value: String)]
    public var children: [XMLElement]
    /// The element's own character data (text and CDATA), concatenated, as written.
    public var text: String

    public init(name: String, attributes: [(name: String, value: String)] = [], children: [XMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The name without its namespace prefix (`nuspec:id` → `id`).
    public var localName: Substring { name.split(separator: ":", maxSplits: 1).last ?? Substring(name) }

    /// The first child with this local name.
    public func child(_ localName: String) -> XMLElement? { children.first { $0.localName == localName } }

    /// Every child with this local name, in document order.
    public func children(_ localName: String) -> [XMLElement] { children.filter { $0.localName == localName } }

    /// The trimmed text of the first child with this local name.
    public func value(_ localName: String) -> String? {
        child(localName).map { $0.text.trimmed }
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name || $0.name.split(separator: ":").last.map(String.init) == name }?.value
    }

    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.name == rhs.name && lhs.text == rhs.text && lhs.children == rhs.children
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }
}
