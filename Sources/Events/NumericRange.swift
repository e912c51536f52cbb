/// A `numeric` filter (`{"numeric": [">", 0, "<=", 5]}`, `{"numeric": ["=", 3.018e2]}`): an
/// interval with optional ends, each open or closed, over `PatternNumber`s.
struct NumericRange: Sendable, Hashable {
    struct End: Sendable, Hashable {
        let value: PatternNumber
        let inclusive: Bool
    }

    let lower: End?
    let upper: End?

    func contains(_ value: PatternNumber) -> Bool {
        if let lower, lower.inclusive ? value < lower.value : value <= lower.value { return false }
        if let upper, upper.inclusive ? value > upper.value : value >= upper.value { return false }
        return true
    }
}
