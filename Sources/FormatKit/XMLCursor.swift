/// The byte-level reader behind `XMLReader`: one pass, an explicit stack of open elements (so
/// depth is bounded without recursion), character data decoded as it is read.
struct XMLCursor {
    let bytes: [UInt8]
    let limits: XMLLimits
    var position = 0
    var elements = 0

    init(bytes: [UInt8], limits: XMLLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: document

    mutating func document() throws(XMLError) -> XMLElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        try misc()
        guard peek("<"), !peek("</") else { throw fail("The document has no root element") }
        let root = try element()
        try misc()
        guard position == bytes.count else { throw fail("Content after the root element") }
        return root
    }

    /// White space, comments and processing instructions (the XML declaration among them); a
    /// document type declaration is refused.
    mutating func misc() throws(XMLError) {
        while true {
            skipSpace()
            if peek("<!--") {
                try comment()
            } else if peek("<?") {
                try processingInstruction()
            } else if peek("<!DOCTYPE") || peek("<!doctype") {
                throw XMLError(.unsupported, "XML with a document type declaration (<!DOCTYPE) is not accepted")
            } else {
                return
            }
        }
    }

    // MARK: elements

    mutating func element() throws(XMLError) -> XMLElement {
        let first = try startTag(depth: 0)
        if first.selfClosed { return first.element }
        var stack = [first.element]
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else { throw fail("The document ends inside <\(stack.last?.name ?? "")>") }
            if bytes[position] != UInt8(ascii: "<") {
                try characterData(into: &text)
            } else if peek("<![CDATA[") {
                try cdata(into: &text)
            } else if peek("<!--") {
                try comment()
            } else if peek("<?") {
                try processingInstruction()
            } else if peek("</") {
                try flush(&text, into: &stack)
                let name = try endTag()
                guard let closed = stack.popLast(), closed.name == name else { throw fail("</\(name)> does not close the open element") }
                guard !stack.isEmpty else { return closed }
                stack[stack.count - 1].children.append(closed)
            } else if peek("<!") {
                throw XMLError(.unsupported, "Markup declarations are not accepted inside elements")
            } else {
                try flush(&text, into: &stack)
                let opened = try startTag(depth: stack.count)
                if opened.selfClosed { stack[stack.count - 1].children.append(opened.element) } else { stack.append(opened.element) }
            }
        }
    }

    /// Appends pending character data to the innermost open element.
    mutating func flush(_ text: inout [UInt8], into stack: inout [XMLElement]) throws(XMLError) {
        guard !text.isEmpty, !stack.isEmpty else { return }
        guard let decoded = String(validating: text, as: UTF8.self) else { throw fail("Character data is not UTF-8") }
        stack[stack.count - 1].text += decoded
        text.removeAll(keepingCapacity: true)
    }

    mutating func startTag(depth: Int) throws(XMLError) -> (element: XMLElement, selfClosed: Bool) {
        guard depth < limits.maxDepth else { throw XMLError(.tooLarge, "Elements are nested deeper than \(limits.maxDepth) levels") }
        elements += 1
        guard elements <= limits.maxElements else { throw XMLError(.tooLarge, "The document has more than \(limits.maxElements) elements") }
        position += 1  // <
        var element = XMLElement(name: try name())
        while true {
            let spaced = skipSpace()
            guard position < bytes.count else { throw fail("The document ends inside <\(element.name)>") }
            if peek("/>") {
                position += 2
                return (element, true)
            }
            if bytes[position] == UInt8(ascii: ">") {
                position += 1
                return (element, false)
            }
            guard spaced else { throw fail("Attributes of <\(element.name)> must be separated by white space") }
            let attribute = try name()
            guard !element.attributes.contains(where: { $0.name == attribute }) else {
                throw fail("<\(element.name)> repeats the attribute \(attribute)")
            }
            skipSpace()
            guard consume("=") else { throw fail("The attribute \(attribute) has no value") }
            skipSpace()
            element.attributes.append((attribute, try attributeValue()))
            guard element.attributes.count <= limits.maxAttributes else {
                throw XMLError(.tooLarge, "<\(element.name)> has more than \(limits.maxAttributes) attributes")
            }
        }
    }

    mutating func endTag() throws(XMLError) -> String {
        position += 2  // </
        let tag = try name()
        skipSpace()
        guard consume(">") else { throw fail("The end tag </\(tag)> is not closed") }
        return tag
    }

    // MARK: names, values, character data

    mutating func name() throws(XMLError) -> String {
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position], first: position == start) { position += 1 }
        guard position > start else { throw fail("A name was expected") }
        guard position - start <= limits.maxNameLength else { throw XMLError(.tooLarge, "A name is longer than \(limits.maxNameLength) bytes") }
        guard let text = String(validating: bytes[start..<position], as: UTF8.self) else { throw fail("A name is not UTF-8") }
        return text
    }

    /// Letters, digits and `_ : . -` (and any non-ASCII byte of a UTF-8 name); not a digit, `.` or `-` first.
    static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"), 0x80...0xFF:
            true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
            !first
        default:
            false
        }
    }

    mutating func attributeValue() throws(XMLError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
            throw fail("An attribute value must be quoted")
        }
        let quote = bytes[position]
        position += 1
        var value: [UInt8] = []
        while true {
            guard position < bytes.count else { throw fail("The document ends inside an attribute value") }
            let byte = bytes[position]
            if byte == quote { break }
            if byte == UInt8(ascii: "<") { throw fail("An attribute value contains <") }
            if byte == UInt8(ascii: "&") {
                try reference(into: &value)
            } else {
                // Attribute-value normalization: each white-space character is a space.
                value.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte)
                position += 1
            }
        }
        position += 1
        guard let text = String(validating: value, as: UTF8.self) else { throw fail("An attribute value is not UTF-8") }
        return text
    }

    mutating func characterData(into text: inout [UInt8]) throws(XMLError) {
        while position < bytes.count, bytes[position] != UInt8(ascii: "<") {
            if bytes[position] == UInt8(ascii: "&") {
                try reference(into: &text)
                continue
            }
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "<"), bytes[position] != UInt8(ascii: "&") {
                if bytes[position] == UInt8(ascii: ">"), position >= start + 2, bytes[position - 1] == UInt8(ascii: "]"),
                    bytes[position - 2] == UInt8(ascii: "]")
                {
                    throw fail("]]> outside a CDATA section")
                }
                position += 1
            }
            text += bytes[start..<position]
        }
    }

    mutating func cdata(into text: inout [UInt8]) throws(XMLError) {
        position += 9  // <![CDATA[
        guard let end = find("]]>") else { throw fail("A CDATA section is not closed") }
        text += bytes[position..<end]
        position = end + 3
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#N;` and `&#xH;`; any other entity is refused
    /// (there is no DTD to define one).
    mutating func reference(into out: inout [UInt8]) throws(XMLError) {
        guard let semicolon = bytes[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            throw fail("An & does not start a character or entity reference")
        }
        let body = bytes[(position + 1)..<semicolon]
        position = semicolon + 1
        switch String(decoding: body, as: UTF8.self) {
        case "lt": out.append(UInt8(ascii: "<"))
        case "gt": out.append(UInt8(ascii: ">"))
        case "amp": out.append(UInt8(ascii: "&"))
        case "quot": out.append(UInt8(ascii: "\""))
        case "apos": out.append(UInt8(ascii: "'"))
        case let reference where reference.hasPrefix("#"):
            let hex = reference.hasPrefix("#x")
            guard let value = UInt32(reference.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10), let scalar = Unicode.Scalar(value),
                value >= 0x20 || value == 0x9 || value == 0xA || value == 0xD
            else { throw fail("&\(reference); is not a character XML allows") }
            out += Array(String(Character(scalar)).utf8)
        case let name:
            throw XMLError(.unsupported, "The entity &\(name); is not defined (only the five predefined entities are)")
        }
    }

    // MARK: comments and processing instructions

    mutating func comment() throws(XMLError) {
        position += 4
        guard let end = find("-->") else { throw fail("A comment is not closed") }
        position = end + 3
    }

    mutating func processingInstruction() throws(XMLError) {
        position += 2
        guard let end = find("?>") else { throw fail("A processing instruction is not closed") }
        position = end + 2
    }

    // MARK: scanning

    @discardableResult
    mutating func skipSpace() -> Bool {
        let start = position
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
        return position > start
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    func peek(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for index in 0..<count where bytes[position + index] != buffer[index] { return false }
            return true
        }
    }

    mutating func consume(_ literal: StaticString) -> Bool {
        guard peek(literal) else { return false }
        position += literal.utf8CodeUnitCount
        return true
    }

    /// Where `literal` next starts, at or after the position.
    func find(_ literal: StaticString) -> Int? {
        literal.withUTF8Buffer { needle in
            guard needle.count <= bytes.count else { return nil }
            var index = position
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0], (1..<needle.count).allSatisfy({ bytes[index + $0] == needle[$0] }) { return index }
                index += 1
            }
            return nil
        }
    }

    func fail(_ message: String) -> XMLError {
        var line = 1
        for byte in bytes.prefix(position) where byte == 0x0A { line += 1 }
        return XMLError(.malformed, "\(message) (line \(line)).")
    }
}
