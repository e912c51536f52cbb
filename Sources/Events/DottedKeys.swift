import FormatKit

/// Rewrites an event so that a key written with dots (`"state.status": "running"`) sits where
/// its parts lead (`"state": {"status": "running"}`), because EventBridge joins field names with
/// dots and matches both spellings alike. Where two spellings meet at one name, the values are
/// kept side by side in an array (a field with several values), objects are merged.
enum DottedKeys {
    /// Whether any object key in `value` contains a dot (then `expanded` has work to do).
    static func occur(in value: OrderedJSON) -> Bool {
        switch value {
        case .object(let object):
            object.entries.contains { $0.key.utf8.contains(UInt8(ascii: ".")) || occur(in: $0.value) }
        case .array(let items):
            items.contains(where: occur)
        default:
            false
        }
    }

    static func expanded(_ value: OrderedJSON) -> OrderedJSON {
        switch value {
        case .object(let object):
            var result = OrderedJSONObject()
            for (key, member) in object.entries {
                let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                insert(expanded(member), at: path[...], into: &result)
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(expanded))
        default:
            return value
        }
    }

    private static func insert(_ value: OrderedJSON, at path: ArraySlice<String>, into object: inout OrderedJSONObject) {
        guard let key = path.first else { return }
        var placed = value
        if path.count > 1 {
            var child = OrderedJSONObject()
            insert(value, at: path.dropFirst(), into: &child)
            placed = .object(child)
        }
        object[key] = object[key].map { merged($0, placed) } ?? placed
    }

    private static func merged(_ existing: OrderedJSON, _ added: OrderedJSON) -> OrderedJSON {
        guard case .object(var target) = existing, case .object(let source) = added else {
            return .array([existing, added])
        }
        for (key, value) in source.entries {
            target[key] = target[key].map { merged($0, value) } ?? value
        }
        return .object(target)
    }
}
