import FormatKit

/// The JSONPath subset EventBridge evaluates for InputPath and InputPathsMap ("dot notation,
/// dashes, underscores, alphanumeric characters, array indices, wildcards (*), forward slashes"):
/// `$`, `$.detail.state`, `$.resources[0]`, `$.detail.*`, `$.list[*]`, and bracket notation with a
/// quoted key (`$['detail-type']`, `$["a b"]`) for names dot notation cannot spell. Anything
/// else (recursive descent, filters, slices, negative indices) is refused when the target is put.
struct JSONPath: Sendable, Hashable {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
        case wildcard
    }

    static let maximumLength = 256

    let steps: [Step]

    /// Whether the path names one place (no wildcard): then it selects that value or nothing;
    /// otherwise it selects an array of everything it reaches, as JSONPath does.
    var isDefinite: Bool { !steps.contains(.wildcard) }

    /// `reason` is a sentence fragment for the caller's message ("expected a name after '.'").
    init(parsing text: String) throws(JSONPathSyntaxError) {
        guard text.unicodeScalars.count <= Self.maximumLength else {
            throw JSONPathSyntaxError(reason: "longer than \(Self.maximumLength) characters")
        }
        var scalars = Array(text.unicodeScalars)[...]
        guard scalars.first == "$" else { throw JSONPathSyntaxError(reason: "it must start with '$'") }
        scalars = scalars.dropFirst()
        var steps: [Step] = []
        while let next = scalars.first {
            scalars = scalars.dropFirst()
            switch next {
            case ".":
                if scalars.first == "*" {
                    scalars = scalars.dropFirst()
                    steps.append(.wildcard)
                    continue
                }
                let name = scalars.prefix(while: Self.isNameScalar)
                guard !name.isEmpty else { throw JSONPathSyntaxError(reason: "expected a name after '.'") }
                scalars = scalars.dropFirst(name.count)
                steps.append(.key(String(String.UnicodeScalarView(name))))
            case "[":
                steps.append(try Self.bracket(&scalars))
            default:
                throw JSONPathSyntaxError(reason: "unexpected '\(next)'")
            }
        }
        self.steps = steps
    }

    /// The value at the path in `value`; `nil` when a definite path reaches nothing.
    func select(_ value: OrderedJSON) -> OrderedJSON? {
        if isDefinite {
            var current = value
            for step in steps {
                guard let next = Self.child(of: current, step) else { return nil }
                current = next
            }
            return current
        }
        var reached = [value]
        for step in steps {
            reached = reached.flatMap { (node: OrderedJSON) -> [OrderedJSON] in
                if case .wildcard = step { return Self.children(of: node) }
                return Self.child(of: node, step).map { [$0] } ?? []
            }
        }
        return .array(reached)
    }

    private static func child(of value: OrderedJSON, _ step: Step) -> OrderedJSON? {
        switch (step, value) {
        case (.key(let name), .object(let object)): object[name]
        case (.index(let index), .array(let items)): index < items.count ? items[index] : nil
        default: nil
        }
    }

    private static func children(of value: OrderedJSON) -> [OrderedJSON] {
        switch value {
        case .object(let object): object.entries.map(\.value)
        case .array(let items): items
        default: []
        }
    }

    /// Letters and digits of any script, `_`, `-` and `/`.
    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "-" || scalar == "/" || scalar.properties.isAlphabetic
            || scalar.properties.numericType == .decimal
    }

    /// `[0]`, `[*]`, `['name']` or `["name"]` (with `\'`, `\"` and `\\` escapes), after the `[`.
    private static func bracket(_ scalars: inout ArraySlice<Unicode.Scalar>) throws(JSONPathSyntaxError) -> Step {
        guard let first = scalars.first else { throw JSONPathSyntaxError(reason: "unterminated '['") }
        let step: Step
        if first == "*" {
            scalars = scalars.dropFirst()
            step = .wildcard
        } else if first == "'" || first == "\"" {
            scalars = scalars.dropFirst()
            var name = String.UnicodeScalarView()
            while true {
                guard let scalar = scalars.first else { throw JSONPathSyntaxError(reason: "unterminated quoted name") }
                scalars = scalars.dropFirst()
                if scalar == first { break }
                if scalar == "\\" {
                    guard let escaped = scalars.first, escaped == "'" || escaped == "\"" || escaped == "\\" else {
                        throw JSONPathSyntaxError(reason: "invalid escape in a quoted name")
                    }
                    scalars = scalars.dropFirst()
                    name.append(escaped)
                } else {
                    name.append(scalar)
                }
            }
            step = .key(String(name))
        } else {
            let digits = scalars.prefix { $0.properties.numericType == .decimal && $0.isASCII }
            guard !digits.isEmpty, digits.count <= 9, let index = Int(String(String.UnicodeScalarView(digits))) else {
                throw JSONPathSyntaxError(reason: "expected an index, '*' or a quoted name after '['")
            }
            scalars = scalars.dropFirst(digits.count)
            step = .index(index)
        }
        guard scalars.first == "]" else { throw JSONPathSyntaxError(reason: "expected ']'") }
        scalars = scalars.dropFirst()
        return step
    }
}

/// Why a text is not a JSONPath `JSONPath` accepts; `TargetInput` words it for its field.
struct JSONPathSyntaxError: Error, Sendable {
    let reason: String
}
