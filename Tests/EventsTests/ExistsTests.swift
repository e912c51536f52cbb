import Testing

@Suite("exists")
struct ExistsTests {
    @Test("exists: true matches a present leaf (documented)")
    func present() {
        let pattern = #"{"detail": {"state": [{"exists": true}]}}"#
        #expect(matches(pattern, #"{"detail": {"instance-id": "i-abcd1111", "state": "pending"}}"#))
        #expect(matches(pattern, #"{"detail": {"state": null}}"#))
        #expect(!matches(pattern, #"{"detail": {"c-count": {"c1": 100}}}"#))
    }

    @Test("Leaf fields only: an object or an empty array is no value")
    func leavesOnly() {
        #expect(!matches(#"{"dynamodb": {"presentKey": [{"exists": true}]}}"#, #"{"dynamodb": {"presentKey": {"S": "test123"}}}"#))
        #expect(matches(#"{"dynamodb": {"presentKey": {"S": [{"exists": true}]}}}"#, #"{"dynamodb": {"presentKey": {"S": "test123"}}}"#))
        #expect(!matches(#"{"resources": [{"exists": true}]}"#, #"{"resources": []}"#))
        #expect(matches(#"{"resources": [{"exists": false}]}"#, #"{"resources": []}"#))
    }

    @Test("exists: false matches an absent field, also under an absent parent (documented)")
    func absent() {
        let pattern = #"{"detail": {"c-count": [{"exists": false}]}}"#
        #expect(matches(pattern, #"{"detail": {"state": "running"}}"#))
        #expect(matches(pattern, #"{"detail": {"c-count": {"c1": 100}}}"#))
        #expect(!matches(pattern, #"{"detail": {"c-count": 5}}"#))
        #expect(!matches(pattern, #"{"detail": {"c-count": null}}"#))
        #expect(matches(pattern, #"{"source": "x"}"#))
        let deep = #"{"detail": {"level1": {"level2": {"level3": {"level4": [{"exists": false}]}}}}}"#
        #expect(matches(deep, #"{"detail": {"level1": {"level2": "l2 value"}}}"#))
        #expect(!matches(deep, #"{"detail": {"level1": {"level2": {"level3": {"level4": "l4 value"}}}}}"#))
    }

    @Test("exists beside other values: any one of them may hold")
    func withOthers() {
        #expect(matches(#"{"k": [{"exists": true}, {"prefix": "IGNORED"}]}"#, #"{"k": "my-value"}"#))
        let either = #"{"d": {"S": [{"anything-but": ["roses"]}, {"exists": false}]}}"#
        #expect(matches(either, #"{"d": {"S": "tulips"}}"#))
        #expect(matches(either, #"{"d": {"N": "789"}}"#))
        #expect(matches(either, #"{"x": 1}"#))
        #expect(!matches(either, #"{"d": {"S": "roses"}}"#))
    }

    @Test("exists takes only true or false")
    func refused() {
        #expect(refusal(#"{"k": [{"exists": "true"}]}"#) == invalid("exists match pattern must be either true or false."))
        #expect(refusal(#"{"k": [{"EXISTS": true}]}"#) == invalid("Unrecognized match type EXISTS"))
    }
}
