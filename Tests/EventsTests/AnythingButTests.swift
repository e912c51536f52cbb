import Testing

@Suite("anything-but")
struct AnythingButTests {
    @Test("A single string (documented: any state but initializing)")
    func singleString() {
        let pattern = #"{"detail": {"state": [{"anything-but": "initializing"}]}}"#
        #expect(matches(pattern, #"{"detail": {"state": "pending"}}"#))
        #expect(!matches(pattern, #"{"detail": {"state": "initializing"}}"#))
    }

    @Test("A single number and a list of numbers, compared numerically")
    func numbers() {
        #expect(matches(#"{"x": [{"anything-but": 123}]}"#, #"{"x": 789}"#))
        #expect(!matches(#"{"x": [{"anything-but": 123}]}"#, #"{"x": 123}"#))
        #expect(!matches(#"{"x": [{"anything-but": 123}]}"#, #"{"x": 1.23e2}"#))
        #expect(matches(#"{"x": [{"anything-but": 0}]}"#, #"{"x": 789}"#))
        #expect(matches(#"{"x": [{"anything-but": [100, 200, 300]}]}"#, #"{"x": 999}"#))
        #expect(!matches(#"{"x": [{"anything-but": [100, 200, 300]}]}"#, #"{"x": 100}"#))
    }

    @Test("A list of strings")
    func stringList() {
        let pattern = #"{"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}"#
        #expect(matches(pattern, #"{"detail": {"state": "pending"}}"#))
        #expect(!matches(pattern, #"{"detail": {"state": "stopped"}}"#))
    }

    @Test("A value of another type, null included, is not excluded; an absent field never matches")
    func otherTypesAndAbsence() {
        #expect(matches(#"{"s": [{"anything-but": "initializing"}]}"#, #"{"s": null}"#))
        #expect(matches(#"{"s": [{"anything-but": ["stopped", "running"]}]}"#, #"{"s": null}"#))
        #expect(matches(#"{"s": [{"anything-but": {"prefix": "init"}}]}"#, #"{"s": 12}"#))
        #expect(matches(#"{"s": [{"anything-but": {"wildcard": "*/dir/*"}}]}"#, #"{"s": 123}"#))
        #expect(matches(#"{"s": [{"anything-but": 5}]}"#, #"{"s": "5"}"#))
        #expect(!matches(#"{"s": [{"anything-but": "initializing"}]}"#, #"{"t": "x"}"#))
        #expect(!matches(#"{"s": [{"anything-but": {"suffix": ".txt"}}]}"#, #"{"s": {"nested": 1}}"#))
        #expect(!matches(#"{"s": [{"anything-but": "x"}]}"#, #"{"s": []}"#))
    }

    @Test("An event array matches when any element is not excluded")
    func arrays() {
        #expect(matches(#"{"s": [{"anything-but": "a"}]}"#, #"{"s": ["a", "b"]}"#))
        #expect(!matches(#"{"s": [{"anything-but": "a"}]}"#, #"{"s": ["a", "a"]}"#))
    }

    @Test("prefix, single and list (documented: not in the US)")
    func prefix() {
        #expect(matches(#"{"Region": [{"anything-but": {"prefix": "us-"}}]}"#, #"{"Region": "eu-west-1"}"#))
        #expect(!matches(#"{"Region": [{"anything-but": {"prefix": "us-"}}]}"#, #"{"Region": "us-east-1"}"#))
        #expect(matches(#"{"s": [{"anything-but": {"prefix": ["init", "test"]}}]}"#, #"{"s": "post-init"}"#))
        #expect(!matches(#"{"s": [{"anything-but": {"prefix": ["init", "post"]}}]}"#, #"{"s": "post-init"}"#))
    }

    @Test("suffix, single and list (documented: not a .png)")
    func suffix() {
        #expect(matches(#"{"FileName": [{"anything-but": {"suffix": ".png"}}]}"#, #"{"FileName": "a.txt"}"#))
        #expect(!matches(#"{"FileName": [{"anything-but": {"suffix": ".png"}}]}"#, #"{"FileName": "a.png"}"#))
        #expect(matches(#"{"f": [{"anything-but": {"suffix": [".txt", ".jpg"]}}]}"#, #"{"f": "file.txt.bak"}"#))
        #expect(!matches(#"{"f": [{"anything-but": {"suffix": [".txt", ".jpg"]}}]}"#, #"{"f": "file.jpg"}"#))
    }

    @Test("equals-ignore-case, single and list")
    func ignoringCase() {
        #expect(matches(#"{"s": [{"anything-but": {"equals-ignore-case": "initializing"}}]}"#, #"{"s": "pending"}"#))
        #expect(!matches(#"{"s": [{"anything-but": {"equals-ignore-case": "initializing"}}]}"#, #"{"s": "INITIALIZING"}"#))
        #expect(!matches(#"{"s": [{"anything-but": {"equals-ignore-case": ["initializing", "stopped"]}}]}"#, #"{"s": "Stopped"}"#))
        #expect(matches(#"{"s": [{"anything-but": {"equals-ignore-case": ["initializing", "stopped"]}}]}"#, #"{"s": null}"#))
    }

    @Test("wildcard, single and list (documented: not a path with /lib/)")
    func wildcard() {
        #expect(matches(#"{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}"#, #"{"FilePath": "/usr/bin/x"}"#))
        #expect(!matches(#"{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}"#, #"{"FilePath": "/usr/lib/x"}"#))
        #expect(matches(#"{"s": [{"anything-but": {"wildcard": ["*/init/*", "*/dir/*"]}}]}"#, #"{"s": "dir/post/dir"}"#))
        #expect(!matches(#"{"s": [{"anything-but": {"wildcard": ["*/init/*", "*/dir/*"]}}]}"#, #"{"s": "dir/init/dir"}"#))
        #expect(matches(#"{"s": [{"anything-but": {"wildcard": ""}}]}"#, #"{"s": "dir/init/file"}"#))
    }

    @Test("Refused forms carry EventBridge's reasons")
    func refused() {
        let typeReason = "Value of anything-but must be an array or single string/number value."
        #expect(refusal(#"{"s": [{"anything-but": null}]}"#) == invalid(typeReason))
        #expect(refusal(#"{"s": [{"anything-but": true}]}"#) == invalid(typeReason))
        #expect(refusal(#"{"s": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}"#) == invalid(typeReason))
        #expect(refusal(#"{"s": [{"anything-but": ["stopped", null]}]}"#)
            == invalid("Inside anything but list, start|null|boolean is not supported."))
        #expect(refusal(#"{"s": [{"anything-but": ["a", 1]}]}"#)
            == invalid("Inside anything but list, either all values are number or string, mixed type is not supported"))
        #expect(refusal(#"{"s": [{"anything-but": []}]}"#)
            == invalid("Inside anything but list, either all values are number or string, mixed type is not supported"))
        #expect(refusal(#"{"s": [{"anything-but": {"prefix": ""}}]}"#) == invalid("Null prefix/suffix not allowed"))
        #expect(refusal(#"{"s": [{"anything-but": {"suffix": ["a", ""]}}]}"#) == invalid("Null prefix/suffix not allowed"))
        #expect(refusal(#"{"s": [{"anything-but": {"prefix": 123}}]}"#) == invalid("prefix/suffix match pattern must be a string"))
        #expect(refusal(#"{"s": [{"anything-but": {"suffix": [null, ".txt"]}}]}"#) == invalid("prefix/suffix match pattern must be a string"))
        #expect(refusal(#"{"s": [{"anything-but": {"equals-ignore-case": 123}}]}"#)
            == invalid("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."))
        #expect(refusal(#"{"s": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}"#) == invalid("wildcard match pattern must be a string"))
        #expect(refusal(#"{"s": [{"anything-but": {"wildcard": "a**"}}]}"#) == invalid("Consecutive wildcard characters at pos 2"))
        #expect(refusal(#"{"s": [{"anything-but": {"numeric": [">", 1]}}]}"#) == invalid("Unsupported anything-but pattern: numeric"))
        #expect(refusal(#"{"s": [{"anything-but": {}}]}"#) == invalid("Anything-But expression name not found"))
        #expect(refusal(#"{"s": [{"anything-but": 6e9}]}"#) == invalid("Value of anything-but must be between -5.0E9 and 5.0E9, inclusive: 6e9"))
    }
}
