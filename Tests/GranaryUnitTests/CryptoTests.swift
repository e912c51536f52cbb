import GranaryCrypto
import Testing

@Suite struct DigestTests {
    // FIPS 180 / RFC 1321 / RFC 3174 vectors for "abc".
    @Test func knownDigestsOfABC() {
        let abc = Array("abc".utf8)
        #expect(Hex.encode(Digest.hash(.sha256, abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(Digest.hash(.sha1, abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(Digest.hash(.md5, abc)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Hex.encode(Digest.hash(.sha512, abc)) == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    }

    @Test func emptyInput() {
        #expect(Hex.encode(Digest.hash(.sha256, [])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func streamingInChunksEqualsOneShot() {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let multi = MultiDigest()
        var offset = 0
        for size in [1, 7, 4096, 65536, 100_000] where offset < data.count {
            let end = min(offset + size, data.count)
            data[offset..<end].withUnsafeBytes { multi.update($0) }
            offset = end
        }
        let digests = multi.finish()
        #expect(digests.size == data.count)
        #expect(digests.sha256 == Digest.hash(.sha256, data))
        #expect(digests.sha512 == Digest.hash(.sha512, data))
        #expect(digests.sha1 == Digest.hash(.sha1, data))
        #expect(digests.md5 == Digest.hash(.md5, data))
    }
}

@Suite struct HMACTests {
    // RFC 4231, test cases 1 and 2.
    @Test func rfc4231() {
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(Hex.encode(HMAC.sha256(key: key1, message: "Hi There"))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Hex.encode(HMAC.sha256(key: Array("Jefe".utf8), message: "what do ya want for nothing?"))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(constantTimeEquals([], []))
    }
}

@Suite struct AESGCMTests {
    let key = SecureRandom.bytes(32)

    @Test func roundTrip() throws {
        let secret = Array("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)
        let sealed = try AESGCM.seal(secret, key: key, associatedData: Array("AKIA1".utf8))
        #expect(sealed.count == secret.count + AESGCM.nonceSize + AESGCM.tagSize)
        #expect(try AESGCM.open(sealed, key: key, associatedData: Array("AKIA1".utf8)) == secret)
    }

    @Test func nonceIsFreshEachTime() throws {
        #expect(try AESGCM.seal([1, 2, 3], key: key) != (try AESGCM.seal([1, 2, 3], key: key)))
    }

    @Test func tamperingWrongContextOrWrongKeyFails() throws {
        var sealed = try AESGCM.seal(Array("secret".utf8), key: key, associatedData: Array("a".utf8))
        #expect(throws: AESGCM.Failure.authenticationFailed) { try AESGCM.open(sealed, key: key, associatedData: Array("b".utf8)) }
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(sealed, key: SecureRandom.bytes(32), associatedData: Array("a".utf8))
        }
        sealed[AESGCM.nonceSize] ^= 1
        #expect(throws: AESGCM.Failure.authenticationFailed) { try AESGCM.open(sealed, key: key, associatedData: Array("a".utf8)) }
        #expect(throws: AESGCM.Failure.truncated) { try AESGCM.open([1, 2, 3], key: key) }
        #expect(throws: AESGCM.Failure.badKey) { try AESGCM.seal([1], key: [1, 2]) }
    }
}

@Suite struct HexTests {
    @Test func roundTripAndValidation() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.isLowerHex(String(repeating: "a", count: 64), length: 64))
        #expect(!Hex.isLowerHex(String(repeating: "A", count: 64), length: 64))
        #expect(!Hex.isLowerHex("abc", length: 64))
    }

    @Test func randomIntegersStayInRange() {
        for _ in 0..<1000 { #expect(SecureRandom.integer(below: 10) < 10) }
    }
}
