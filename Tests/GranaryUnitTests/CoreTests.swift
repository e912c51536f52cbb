import GranaryCore
import Testing

@Suite struct IdentifierTests {
    @Test func shapes() {
        for _ in 0..<200 {
            let account = Identifiers.newAccountId()
            #expect(Identifiers.isAccountId(account) && account.first != "0")
            let key = Identifiers.newAccessKeyId()
            #expect(key.count == 20 && key.hasPrefix("AKIA"))
            let secret = Identifiers.newSecretAccessKey()
            #expect(secret.count == 40)
            #expect(secret.allSatisfy { $0.isLetter || $0.isNumber })
            #expect(Identifiers.newUserId().count == 21)
        }
    }

    @Test func names() {
        #expect(Identifiers.isName("alice.smith@example_1+x=y,z-"))
        #expect(!Identifiers.isName(""))
        #expect(!Identifiers.isName("has space"))
        #expect(!Identifiers.isName("slash/y"))
        #expect(!Identifiers.isName(String(repeating: "a", count: 65)))
        #expect(Identifiers.isOrganizationId("o-abcdef1234"))
        #expect(!Identifiers.isOrganizationId("o-ABC"))
        #expect(!Identifiers.isAccountId("12345678901"))
    }

    @Test func arns() {
        #expect(ARN.user(account: "123456789012", name: "bob") == "arn:aws:iam::123456789012:user/bob")
        #expect(ARN.accountRoot("123456789012") == "arn:aws:iam::123456789012:root")
    }
}
