import Testing

@testable import Events

@Suite("cidr")
struct CIDRTests {
    @Test("IPv4: the documented 10.0.0.0/24")
    func ipv4() {
        let pattern = #"{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}"#
        #expect(matches(pattern, #"{"detail": {"sourceIPAddress": "10.0.0.255"}}"#))
        #expect(matches(pattern, #"{"detail": {"sourceIPAddress": "10.0.0.0"}}"#))
        #expect(!matches(pattern, #"{"detail": {"sourceIPAddress": "10.0.1.0"}}"#))
        #expect(!matches(pattern, #"{"detail": {"sourceIPAddress": "10.0.0.256"}}"#))
        #expect(!matches(pattern, #"{"detail": {"sourceIPAddress": 123}}"#))
        #expect(!matches(pattern, #"{"detail": {"sourceIPAddress": "::ffff:10.0.0.1"}}"#))
        #expect(matches(#"{"detail": {"source-ip": [{"cidr": "10.0.0.0/8"}]}}"#, rulerExample))
    }

    @Test("Masks that do not fall on a byte; host bits of the network are ignored")
    func oddMasks() {
        #expect(matches(#"{"ip": [{"cidr": "192.168.1.77/20"}]}"#, #"{"ip": "192.168.15.255"}"#))
        #expect(!matches(#"{"ip": [{"cidr": "192.168.1.77/20"}]}"#, #"{"ip": "192.168.16.0"}"#))
        #expect(matches(#"{"ip": [{"cidr": "0.0.0.0/0"}]}"#, #"{"ip": "8.8.8.8"}"#))
    }

    @Test("IPv6, written long or short")
    func ipv6() {
        let pattern = #"{"ip": [{"cidr": "2001:db8:1234:1a00::/64"}]}"#
        #expect(matches(pattern, #"{"ip": "2001:0db8:1234:1a00:0000:0000:0000:0000"}"#))
        #expect(matches(pattern, #"{"ip": "2001:db8:1234:1a00:ffff:1:2:3"}"#))
        #expect(!matches(pattern, #"{"ip": "2001:0db8:123f:1a01:0000:0000:0000:0000"}"#))
        #expect(!matches(pattern, #"{"ip": "10.0.0.1"}"#))
        #expect(matches(#"{"ip": [{"cidr": "::/0"}]}"#, #"{"ip": "::1"}"#))
    }

    @Test("Addresses are parsed strictly")
    func parsing() {
        #expect(IPAddress("1.2.3.4")?.bytes == [1, 2, 3, 4])
        #expect(IPAddress("::ffff:1.2.3.4")?.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4])
        #expect(IPAddress("fe80::1")?.bytes.first == 0xFE)
        for bad in ["1.2.3", "1.2.3.4.5", "1.2.3.256", "1..2.3", "::1::", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "", "1.2.3.4/8"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test("Refused networks carry EventBridge's reasons")
    func refused() {
        #expect(refusal(#"{"ip": [{"cidr": "bad-filter"}]}"#) == invalid("Malformed CIDR, one '/' required"))
        #expect(refusal(#"{"ip": [{"cidr": "10.0.0.0/"}]}"#) == invalid("Malformed CIDR, one '/' required"))
        #expect(refusal(#"{"ip": [{"cidr": "bad-/64filter"}]}"#) == invalid("Malformed CIDR, mask bits must be an integer"))
        #expect(refusal(#"{"ip": [{"cidr": "10.0.0.0/-1"}]}"#) == invalid("Malformed CIDR, mask bits must not be negative"))
        #expect(refusal(#"{"ip": [{"cidr": "xx.11.xx/8"}]}"#) == invalid("Nonstandard IP address: xx.11.xx"))
        #expect(refusal(#"{"ip": [{"cidr": "xxxx:db8:1234:1a00::/64"}]}"#) == invalid("Nonstandard IP address: xxxx:db8:1234:1a00::"))
        #expect(refusal(#"{"ip": [{"cidr": "10.0.0.300/8"}]}"#) == invalid("Invalid IP address: 10.0.0.300"))
        #expect(refusal(#"{"ip": [{"cidr": "10.0.0.1/32"}]}"#) == invalid("IPv4 mask bits must be < 32"))
        #expect(refusal(#"{"ip": [{"cidr": "::1/128"}]}"#) == invalid("IPv6 mask bits must be < 128"))
        #expect(refusal(#"{"ip": [{"cidr": ["bad-type"]}]}"#) == invalid("cidr match pattern must be a string"))
    }
}
