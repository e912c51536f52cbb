/// A Maven version as Maven orders it (`ComparableVersion` of Maven 3): the text is split into
/// items at `.` and `-` and where digits meet letters; numbers compare as numbers, qualifiers in
/// the order alpha < beta < milestone < rc < snapshot < (release) < sp, unknown qualifiers after
/// them alphabetically; `-` starts a sub-list, so `1-1` > `1.1`-style surprises follow Maven's
/// rules exactly. Trailing zeros and release qualifiers (`ga`, `final`, `release`) are ignored,
/// so `1.0` == `1` == `1.0.0-ga`. Pure; what artifact-level maven-metadata.xml lists in order.
public struct MavenVersion: Comparable, Sendable, CustomStringConvertible {
    public let description: String
    let items: Item

    public init(_ text: String) {
        description = text
        items = MavenVersion.parse(text.lowercased())
    }

    public var isSnapshot: Bool { description.hasSuffix("-SNAPSHOT") }

    public static func < (lhs: MavenVersion, rhs: MavenVersion) -> Bool { lhs.items.compare(rhs.items) < 0 }

    public static func == (lhs: MavenVersion, rhs: MavenVersion) -> Bool { lhs.items.compare(rhs.items) == 0 }

    indirect enum Item: Sendable {
        /// Digits without leading zeros ("" is zero).
        case number(String)
        case qualifier(String)
        case list([Item])

        var isNull: Bool {
            switch self {
            case .number(let digits): digits.isEmpty
            case .qualifier(let value): Item.qualifierRank(value) == Item.releaseRank
            case .list(let items): items.isEmpty
            }
        }

        static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
        static let aliases = ["ga": "", "final": "", "release": "", "cr": "rc"]
        static let releaseRank = "5"

        static func qualifierRank(_ value: String) -> String {
            if let index = qualifiers.firstIndex(of: value) { return String(index) }
            return "\(qualifiers.count)-\(value)"
        }

        static func qualifier(_ text: String, followedByDigit: Bool) -> Item {
            var value = text
            if followedByDigit, value.count == 1 {
                value = ["a": "alpha", "b": "beta", "m": "milestone"][value] ?? value
            }
            return .qualifier(aliases[value] ?? value)
        }

        /// Maven's `Item.compareTo`, with nil for the missing item of the shorter list.
        func compare(_ other: Item?) -> Int {
            switch (self, other) {
            case (.number(let digits), nil): return digits.isEmpty ? 0 : 1
            case (.number(let lhs), .number(let rhs)?):
                return lhs.count != rhs.count ? (lhs.count < rhs.count ? -1 : 1) : (lhs == rhs ? 0 : (lhs < rhs ? -1 : 1))
            case (.number, _?): return 1
            case (.qualifier(let value), nil): return Item.order(Item.qualifierRank(value), Item.releaseRank)
            case (.qualifier, .number?): return -1
            case (.qualifier(let lhs), .qualifier(let rhs)?): return Item.order(Item.qualifierRank(lhs), Item.qualifierRank(rhs))
            case (.qualifier, .list?): return -1
            case (.list(let items), nil): return items.first?.compare(nil) ?? 0
            case (.list, .number?): return -1
            case (.list, .qualifier?): return 1
            case (.list(let lhs), .list(let rhs)?):
                for index in 0..<max(lhs.count, rhs.count) {
                    let left = index < lhs.count ? lhs[index] : nil
                    let right = index < rhs.count ? rhs[index] : nil
                    let result: Int
                    if let left { result = left.compare(right) } else { result = right.map { -$0.compare(nil) } ?? 0 }
                    if result != 0 { return result }
                }
                return 0
            }
        }

        static func order(_ lhs: String, _ rhs: String) -> Int { lhs == rhs ? 0 : (lhs < rhs ? -1 : 1) }
    }

    /// Maven's parser: a stack of lists, a new sub-list at each `-` and at each digit/letter change.
    static func parse(_ text: String) -> Item {
        var stack: [[Item]] = [[]]
        func push(_ item: Item) { stack[stack.count - 1].append(item) }
        func openList() { stack.append([]) }
        func item(_ token: String, digits: Bool, followedByDigit: Bool) -> Item {
            digits ? .number(String(token.drop { $0 == "0" })) : Item.qualifier(String(token), followedByDigit: followedByDigit)
        }
        let chars = Array(text)
        var start = 0
        var isDigit = false
        for (index, char) in chars.enumerated() {
            if char == "." || char == "-" {
                push(index == start ? .number("") : item(String(chars[start..<index]), digits: isDigit, followedByDigit: false))
                start = index + 1
                if char == "-" { openList() }
            } else if char.isASCII, char.isNumber {
                if !isDigit, index > start {
                    push(Item.qualifier(String(chars[start..<index]), followedByDigit: true))
                    start = index
                    openList()
                }
                isDigit = true
            } else {
                if isDigit, index > start {
                    push(item(String(chars[start..<index]), digits: true, followedByDigit: false))
                    start = index
                    openList()
                }
                isDigit = false
            }
        }
        if chars.count > start { push(item(String(chars[start...]), digits: isDigit, followedByDigit: false)) }
        // Close the lists innermost first, each normalized (trailing nulls dropped) as Maven does.
        while stack.count > 1 {
            let inner = normalized(stack.removeLast())
            push(.list(inner))
        }
        return .list(normalized(stack[0]))
    }

    static func normalized(_ items: [Item]) -> [Item] {
        var items = items
        var index = items.count - 1
        while index >= 0 {
            if items[index].isNull {
                items.remove(at: index)
            } else if case .list = items[index] {
            } else {
                break
            }
            index -= 1
        }
        return items
    }
}
