import GranaryCore
import Testing

/// The address classifier of the upstream guard: special-purpose IPv4 and IPv6 ranges (with
/// IPv4-mapped, NAT64 and 6to4 forms judged by the IPv4 address they carry), the operator's
/// allowed networks, and their parsing.
@Suite struct UpstreamAddressPolicyTests {
    static func bytes(_ text: String) -> [UInt8] { CIDRBlock.parseAddress(text)! }

    @Test(arguments: [
        ("0.0.0.0", "this-network"), ("0.1.2.3", "this-network"), ("10.0.0.1", "private"), ("10.255.255.255", "private"),
        ("100.64.0.1", "shared (CGNAT)"), ("100.127.255.254", "shared (CGNAT)"), ("127.0.0.1", "loopback"), ("127.0.0.2", "loopback"),
        ("127.255.255.255", "loopback"), ("169.254.169.254", "link-local"), ("172.16.0.1", "private"), ("172.31.255.255", "private"),
        ("192.0.0.8", "IETF protocol assignment"), ("192.0.2.1", "documentation"), ("192.168.1.1", "private"),
        ("198.18.0.1", "benchmarking"), ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("febf::1", "link-local"), ("fc00::1", "unique local (private)"),
        ("fd12:3456::1", "unique local (private)"), ("ff02::1", "multicast"), ("2001:db8::1", "documentation"), ("fec0::1", "site-local (deprecated)"),
        ("::ffff:127.0.0.1", "loopback"), ("::ffff:7f00:2", "loopback"), ("::ffff:10.1.2.3", "private"), ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:0.0.0.0", "this-network"), ("::127.0.0.1", "IPv4-compatible (deprecated)"), ("64:ff9b::7f00:1", "loopback"),
        ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:a00:1::1", "private"), ("2002:7f00:1::", "loopback"), ("64:ff9b:1::1", "local-use translation"),
        ("100::1", "discard-only"), ("2001::1", "Teredo"),
    ])
    func specialPurposeAddressesAreRefused(address: String, kind: String) {
        #expect(UpstreamAddressPolicy().refusal(of: Self.bytes(address)) == kind)
    }

    @Test(arguments: [
        "1.1.1.1", "8.8.8.8", "151.101.0.223", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
        "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0",
        "223.255.255.255", "2606:4700::1111", "2a04:4e42::223", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func globalAddressesArePermitted(address: String) {
        #expect(UpstreamAddressPolicy().refusal(of: Self.bytes(address)) == nil)
    }

    @Test func theOperatorsNetworksAreAllowedAndNothingElse() throws {
        let policy = try UpstreamAddressPolicy(allowing: ["127.0.0.1/32", " 10.20.0.0/16", "fd00:1::/32", ""])
        #expect(policy.allowed.count == 3)
        #expect(policy.refusal(of: Self.bytes("127.0.0.1")) == nil)
        #expect(policy.refusal(of: Self.bytes("::ffff:127.0.0.1")) == nil)
        #expect(policy.refusal(of: Self.bytes("127.0.0.2")) == "loopback")
        #expect(policy.refusal(of: Self.bytes("::1")) == "loopback")
        #expect(policy.refusal(of: Self.bytes("10.20.255.1")) == nil)
        #expect(policy.refusal(of: Self.bytes("10.21.0.1")) == "private")
        #expect(policy.refusal(of: Self.bytes("fd00:1:ffff::9")) == nil)
        #expect(policy.refusal(of: Self.bytes("fd00:2::9")) == "unique local (private)")
        #expect(policy.refusal(of: Self.bytes("8.8.8.8")) == nil)
    }

    @Test func aBareAddressAllowsThatAddress() throws {
        let policy = try UpstreamAddressPolicy(allowing: ["192.168.7.9"])
        #expect(policy.refusal(of: Self.bytes("192.168.7.9")) == nil)
        #expect(policy.refusal(of: Self.bytes("192.168.7.10")) == "private")
    }

    @Test(arguments: ["127.0.0.1/33", "10.0.0.0/", "localhost", "10.0.0", "::/129", "fe80::1%lo", "1.2.3.4/8x"])
    func malformedNetworksAreRefused(text: String) {
        #expect(throws: UpstreamAddressPolicy.InvalidNetwork.self) { try UpstreamAddressPolicy(allowing: [text]) }
    }

    @Test func otherLengthsAreMalformed() {
        #expect(UpstreamAddressPolicy.specialPurpose([1, 2, 3]) == "malformed")
        #expect(UpstreamAddressPolicy().refusal(of: []) == "malformed")
    }

    @Test func mappedAddressesUnwrap() {
        #expect(UpstreamAddressPolicy.unmapped(Self.bytes("::ffff:1.2.3.4")) == [1, 2, 3, 4])
        #expect(UpstreamAddressPolicy.unmapped(Self.bytes("::1.2.3.4")) == Self.bytes("::1.2.3.4"))
        #expect(UpstreamAddressPolicy.unmapped([9, 9, 9, 9]) == [9, 9, 9, 9])
    }
}
