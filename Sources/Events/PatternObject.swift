/// A compiled pattern object: what an event object must hold at each key, plus the `$or` groups
/// (each group: at least one alternative must hold at this same object). Keys written with dots
/// (`"state.status"`) are split into nested objects when compiled, because EventBridge joins
/// field names with dots and so treats `{"state.status": …}` and `{"state": {"status": …}}` alike.
struct PatternObject: Sendable {
    /// What the event must have under one key: leaf values matching one of `values`, and/or an
    /// object matching `object` (both when a dotted key and a nested one meet at the same name).
    struct Field: Sendable {
        var values: [ValueMatcher]?
        var object: PatternObject?
    }

    private(set) var keys: [String] = []
    private(set) var fields: [String: Field] = [:]
    var orGroups: [[PatternObject]] = []

    var entries: [(key: String, field: Field)] { keys.map { ($0, fields[$0]!) } }

    /// Sets the leaf values at `path` (the later of two writes to one path wins, as in EventBridge).
    mutating func setValues(_ values: [ValueMatcher], at path: ArraySlice<String>) {
        update(path) { $0.values = values }
    }

    /// Merges `object` into whatever object is already at `path`.
    mutating func mergeObject(_ object: PatternObject, at path: ArraySlice<String>) {
        update(path) { field in
            var merged = field.object ?? PatternObject()
            merged.merge(object)
            field.object = merged
        }
    }

    private mutating func merge(_ other: PatternObject) {
        for (key, field) in other.entries {
            if let values = field.values { setValues(values, at: [key]) }
            if let object = field.object { mergeObject(object, at: [key]) }
        }
        orGroups += other.orGroups
    }

    private mutating func update(_ path: ArraySlice<String>, _ change: (inout Field) -> Void) {
        guard let key = path.first else { return }
        var field = fields[key] ?? Field()
        if fields[key] == nil { keys.append(key) }
        if path.count == 1 {
            change(&field)
        } else {
            var child = field.object ?? PatternObject()
            child.update(path.dropFirst(), change)
            field.object = child
        }
        fields[key] = field
    }
}
