import Foundation
import GranaryCore
import GranaryCrypto
import Testing

@Suite struct AuthorizationTokenTests {
    let key = Array("k".utf8)
    let token = AuthorizationToken(
        id: Array(repeating: 7, count: 16), userId: "AIDAEXAMPLE", domainOwner: "123456789012", domainName: "d",
        issuedMs: 1_000, expiresMs: 2_000)

    @Test func roundTripsAndOnlyURLSafeCharacters() throws {
        let text = token.encoded(key: key)
        #expect(text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        #expect(try AuthorizationToken.decode(text, key: key, nowMs: 1_500) == token)
    }

    @Test func refusesExpiredForeignTamperedAndRespelledTokens() {
        let text = token.encoded(key: key)
        #expect(throws: AuthorizationToken.Failure.expired) { try AuthorizationToken.decode(text, key: key, nowMs: 2_000) }
        #expect(throws: AuthorizationToken.Failure.badSignature) {
            try AuthorizationToken.decode(text, key: Array("other".utf8), nowMs: 1_500)
        }
        let parts = text.split(separator: ".").map(String.init)
        // The MAC's last character has two spare bits: flipping one keeps the bytes, changes the text.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = alphabet.firstIndex(of: parts[1].last!)!
        let respelled = parts[0] + "." + parts[1].dropLast() + String(alphabet[last ^ 1])
        #expect(Base64URL.decode(String(respelled.split(separator: ".")[1])) == Base64URL.decode(parts[1]))
        #expect(throws: AuthorizationToken.Failure.malformed) { try AuthorizationToken.decode(respelled, key: key, nowMs: 1_500) }
        #expect(throws: (any Error).self) { try AuthorizationToken.decode("garbage", key: key, nowMs: 1_500) }
        #expect(throws: (any Error).self) { try AuthorizationToken.decode(parts[0] + "x." + parts[1], key: key, nowMs: 1_500) }
    }
}

@Suite struct Base64URLTests {
    @Test func agreesWithFoundationOnEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
    }

    @Test func refusesWhatIsNotBase64URL() {
        for text in ["a", "ab+c", "ab/c", "abc=", "ab c", "é"] { #expect(Base64URL.decode(text) == nil, "\(text)") }
    }
}
