import Testing

@Suite("$or")
struct OrTests {
    let documented = #"{"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]}, {"d-count": [{"numeric": ["<", 10]}]}, {"x-limit": [{"numeric": ["=", 3.018e2]}]}]}}"#

    @Test("The documented example: any one alternative")
    func documentedExample() {
        #expect(matches(documented, #"{"detail": {"c-count": 0, "d-count": 0, "x-limit": 9.018e2}}"#))
        #expect(matches(documented, #"{"detail": {"c-count": 3, "d-count": 10, "x-limit": 1}}"#))
        #expect(matches(documented, #"{"detail": {"c-count": 0, "d-count": 10, "x-limit": 301.8}}"#))
        #expect(!matches(documented, #"{"detail": {"c-count": 0, "d-count": 10, "x-limit": 9.018e2}}"#))
    }

    @Test("Beside plain fields, which must hold as well")
    func withAnd() {
        let pattern = #"{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}]}"#
        #expect(matches(pattern, #"{"source": "aws.cloudwatch", "namespace": "AWS/ES"}"#))
        #expect(!matches(pattern, #"{"source": "aws.s3", "namespace": "AWS/ES"}"#))
        #expect(!matches(pattern, #"{"source": "aws.cloudwatch", "namespace": "AWS/S3"}"#))
    }

    @Test("Two $or at different levels both hold; an alternative may hold several fields and a nested $or")
    func nested() {
        let parallel = #"{"$or": [{"a": [1]}, {"b": [1]}], "detail": {"$or": [{"c": [1]}, {"d": [1]}]}}"#
        #expect(matches(parallel, #"{"b": 1, "detail": {"c": 1}}"#))
        #expect(!matches(parallel, #"{"b": 1, "detail": {"e": 1}}"#))
        let deep = #"{"source": ["x"], "$or": [{"m": ["y"]}, {"t": ["T"], "n": ["N"], "$or": [{"id": [1234]}, {"space": [1000]}]}, {"scope": ["S"]}]}"#
        #expect(matches(deep, #"{"source": "x", "t": "T", "n": "N", "space": 1000}"#))
        #expect(!matches(deep, #"{"source": "x", "t": "T", "n": "N", "space": 1}"#))
        #expect(!matches(deep, #"{"source": "x", "t": "T", "space": 1000}"#))
        #expect(matches(deep, #"{"source": "x", "scope": "S"}"#))
    }

    @Test("Refused forms carry EventBridge's reasons")
    func refused() {
        #expect(refusal(#"{"$or": {"a": [1]}}"#) == invalid("It must be an Array followed with $or."))
        #expect(refusal(#"{"$or": [{"a": [1]}]}"#) == invalid("There must have at least 2 Objects in $or relationship."))
        #expect(refusal(#"{"$or": [{"a": [1]}, 5]}"#) == invalid("Only JSON object is allowed in array of $or relationship."))
        #expect(refusal(#"{"$or": [{"a": [1]}, {}]}"#) == invalid("Empty objects are not allowed"))
        #expect(refusal(#"{"$or": [{"numeric": [1]}, {"prefix": ["a"]}]}"#)
            == invalid("numeric is Ruler reserved fieldName which cannot be used inside $or."))
    }

    @Test("More than 1000 combinations are refused, 1000 are not")
    func combinations() {
        let ten = "[" + (0..<10).map { #"{"f\#($0)": [\#($0)]}"# }.joined(separator: ",") + "]"
        let thousand = #"{"a": {"$or": \#(ten)}, "b": {"$or": \#(ten)}, "c": {"$or": \#(ten)}}"#
        #expect(refusal(thousand) == nil)
        let more = #"{"a": {"$or": \#(ten)}, "b": {"$or": \#(ten)}, "c": {"$or": \#(ten)}, "d": {"$or": [{"x": [1]}, {"y": [2]}]}}"#
        #expect(refusal(more)?.hasPrefix(invalid("The $or operators combine into more than 1000 rules")) == true)
    }
}
