import Testing

@Suite("Arrays of objects")
struct ArrayConsistencyTests {
    let employees = #"{"employees": [{"firstName": "John", "lastName": "Doe"}, {"firstName": "Anna", "lastName": "Smith"}, {"firstName": "Peter", "lastName": "Jones"}]}"#

    @Test("A nested pattern is tried against each element")
    func eachElement() {
        #expect(matches(#"{"employees": {"firstName": ["Anna"]}}"#, employees))
        #expect(!matches(#"{"employees": {"firstName": ["Maria"]}}"#, employees))
    }

    @Test("Fields matched in different elements do not combine")
    func consistency() {
        #expect(!matches(#"{"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}"#, employees))
        #expect(matches(#"{"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}"#, employees))
    }

    @Test("Arrays of arrays are flattened")
    func nestedArrays() {
        let event = #"{"employees": [[{"firstName": "John", "lastName": "Doe"}, {"firstName": "Anna", "lastName": "Smith"}], [{"firstName": "Peter", "lastName": "Jones"}]]}"#
        #expect(matches(#"{"employees": {"firstName": ["Peter"]}}"#, event))
        #expect(!matches(#"{"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}"#, event))
    }

    @Test("exists inside an array element")
    func existsInElement() {
        let event = #"{"detail": {"automations": [{"key1": "value1"}, {"id": "match-does-exist"}, {"key2": "value2"}]}}"#
        #expect(matches(#"{"detail": {"automations": {"id": [{"exists": true}]}}}"#, event))
        #expect(matches(#"{"detail": {"automations": {"id": [{"exists": false}], "key1": ["value1"]}}}"#, event))
        #expect(!matches(#"{"detail": {"automations": {"id": [{"exists": true}], "key1": ["value1"]}}}"#, event))
    }

    @Test("Consistency holds through several levels")
    func deep() {
        let event = #"{"a": [{"b": [{"c": 1}, {"d": 2}]}, {"b": [{"c": 1, "d": 2}]}]}"#
        #expect(matches(#"{"a": {"b": {"c": [1], "d": [2]}}}"#, event))
        #expect(!matches(#"{"a": {"b": {"c": [1], "d": [2]}}}"#, #"{"a": [{"b": [{"c": 1}, {"d": 2}]}]}"#))
    }

    @Test("Large arrays against several fields stay linear")
    func large() {
        let elements = (0..<20_000).map { #"{"id": \#($0), "kind": "k\#($0 % 7)"}"# }.joined(separator: ",")
        let event = #"{"items": [\#(elements)]}"#
        #expect(matches(#"{"items": {"id": [19999], "kind": ["k0"]}}"#, event) == (19999 % 7 == 0))
        #expect(matches(#"{"items": {"id": [19998], "kind": ["k\#(19998 % 7)"]}}"#, event))
    }
}
