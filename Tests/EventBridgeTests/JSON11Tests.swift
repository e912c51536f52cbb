import ControlPlane
import FormatKit
import HTTP
import Testing

/// The JSON 1.1 seam's pure parts: reading a body member by member, writing one, and the error
/// shape botocore's `json` protocol parses.
@Suite struct JSON11Tests {
    @Test func readsMembersByTheirTypes() throws {
        let input = try JSON11Input(body: Array(#"{"Name":"r","Limit":5,"Force":true,"Time":1700000000.5,"Tags":[{"Key":"k"}],"#.utf8)
            + Array(#""Ids":["a","b"],"Map":{"z":"1","a":"2"},"Gone":null}"#.utf8))
        #expect(try input.string("Name") == "r")
        #expect(try input.int("Limit") == 5)
        #expect(try input.bool("Force") == true)
        #expect(try input.timestamp("Time") == 1_700_000_000.5)
        #expect(try input.structures("Tags")?.first?.string("Key") == "k")
        #expect(try input.structures("Tags")?.first?.path == "Tags[0].")
        #expect(try input.strings("Ids") == ["a", "b"])
        #expect(try input.stringMap("Map")?.map(\.key) == ["z", "a"])
        #expect(try input.string("Gone") == nil && !input.has("Gone") && input.has("Name"))
        #expect(try input.string("Absent") == nil)
    }

    @Test func aMemberOfAnotherTypeIsASerializationError() throws {
        let input = try JSON11Input(body: Array(#"{"Name":5,"Limit":"5","Ids":"a","Tags":[1],"Time":"2024-01-01"}"#.utf8))
        for read in [{ _ = try input.string("Name") }, { _ = try input.int("Limit") }, { _ = try input.strings("Ids") },
                     { _ = try input.structures("Tags") }, { _ = try input.timestamp("Time") }] as [() throws -> Void] {
            #expect(throws: JSON11Error.self) { try read() }
        }
        #expect(throws: JSON11Error.serialization("Name must be a string.")) { _ = try input.string("Name") }
    }

    @Test func aBodyMustBeAnObject() throws {
        #expect(try JSON11Input(body: []).isEmpty)
        for body in ["[]", "1", "{", "\"x\"", "{\"a\":1} x"] {
            #expect(throws: JSON11Error.self) { _ = try JSON11Input(body: Array(body.utf8)) }
        }
    }

    @Test func writesMembersInOrderAndLeavesOutAbsentOnes() {
        var inner = JSON11Output()
        inner["Id"] = "t"
        var out = JSON11Output()
        out["Name"] = "r"
        out["Description"] = nil
        out.set("Count", 2)
        out.set("Flag", false)
        out.set("When", seconds: 1_700_000_000)
        out.set("Then", seconds: 1_700_000_000.25)
        out.set("Items", [inner])
        out.set("Names", strings: ["a"])
        out.set("Map", map: [("k", "v")])
        let text = String(decoding: OrderedJSON.object(out.object).serialized(), as: UTF8.self)
        #expect(text == #"{"Name":"r","Count":2,"Flag":false,"When":1700000000,"Then":1700000000.250,"Items":[{"Id":"t"}],"Names":["a"],"Map":{"k":"v"}}"#)
    }

    @Test func errorsCarryTheirTypeInTheBodyAndTheHeader() {
        let response = JSON11Error("ResourceNotFoundException", "Rule \"r\" does not exist.").response(requestID: "rid-1")
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.1")
        #expect(response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException")
        #expect(response.headers["x-amzn-RequestId"] == "rid-1")
        guard case .bytes(let body) = response.body else {
            Issue.record("no body")
            return
        }
        #expect(String(decoding: body, as: UTF8.self) == #"{"__type":"ResourceNotFoundException","message":"Rule \"r\" does not exist."}"#)
        #expect(JSON11Error("InternalException", "x", status: .internalServerError).response(requestID: "").status.code == 500)
    }
}
