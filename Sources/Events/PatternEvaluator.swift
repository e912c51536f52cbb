import FormatKit

/// Decides whether an event satisfies a compiled pattern, with EventBridge's rules:
/// - every field of the pattern must hold (fields the pattern leaves out are ignored);
/// - a field holds when one of the event's leaf values there (the value, or any element of an
///   array there, however nested) satisfies one of the field's matchers; `exists: false` holds
///   when there is no leaf value there (absent, or only objects or empty arrays), `exists: true`
///   when there is one;
/// - a nested pattern object is tried against each object found there (arrays of objects are
///   tried element by element), so all fields matched inside one array element come from that
///   element — EventBridge's array-consistent matching ("will refuse to recognize any match in
///   which any two fields are within JSON objects that are in different elements of the same
///   array"); where no object is found, the nested pattern holds only if it holds for an empty one;
/// - each `$or` group needs one alternative to hold at the same object.
/// Work is bounded by the pattern's size times the event's.
enum PatternEvaluator {
    static func matches(_ pattern: PatternObject, event: OrderedJSON) -> Bool {
        guard case .object(let object) = event else { return false }
        return holds(pattern, in: object)
    }

    private static func holds(_ pattern: PatternObject, in object: OrderedJSONObject) -> Bool {
        for (key, field) in pattern.entries {
            let value = object[key]
            if let matchers = field.values, !leafValuesMatch(matchers, value) { return false }
            if let nested = field.object, !objectsMatch(nested, value) { return false }
        }
        for group in pattern.orGroups where !group.contains(where: { holds($0, in: object) }) {
            return false
        }
        return true
    }

    private static func objectsMatch(_ pattern: PatternObject, _ value: OrderedJSON?) -> Bool {
        var sawObject = false
        var found = false
        if let value {
            visitObjects(value) { object in
                sawObject = true
                found = holds(pattern, in: object)
                return !found
            }
        }
        return found || (!sawObject && holds(pattern, in: OrderedJSONObject()))
    }

    private static func leafValuesMatch(_ matchers: [ValueMatcher], _ value: OrderedJSON?) -> Bool {
        var sawLeaf = false
        var found = false
        if let value {
            visitLeaves(value) { leaf in
                sawLeaf = true
                found = matchers.contains { $0.matches(leaf) }
                return !found
            }
        }
        if found { return true }
        return !sawLeaf && matchers.contains { if case .exists(false) = $0 { true } else { false } }
    }

    /// Calls `body` with each object in `value` (itself, or the objects in it as an array,
    /// however nested) while `body` returns true.
    @discardableResult
    private static func visitObjects(_ value: OrderedJSON, _ body: (OrderedJSONObject) -> Bool) -> Bool {
        switch value {
        case .object(let object): return body(object)
        case .array(let items):
            for item in items where !visitObjects(item, body) { return false }
            return true
        default: return true
        }
    }

    /// Calls `body` with each leaf value (string, number, boolean, null) in `value` while it
    /// returns true; objects are no leaf values.
    @discardableResult
    private static func visitLeaves(_ value: OrderedJSON, _ body: (OrderedJSON) -> Bool) -> Bool {
        switch value {
        case .object: return true
        case .array(let items):
            for item in items where !visitLeaves(item, body) { return false }
            return true
        default: return body(value)
        }
    }
}
