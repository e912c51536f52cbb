import CCurl
import Glibc
import GranaryCore

/// What the C callbacks of one exchange share: the body's sink and its byte limit, the response
/// headers, the address guard and what it refused, and the first error a callback met.
final class CurlExchange {
    let sink: (UnsafeRawBufferPointer) throws -> Void
    let limit: Int
    let addresses: UpstreamAddressPolicy
    var received = 0
    var headers: [String: String] = [:]
    var refusedAddresses: [String] = []
    var error: (any Error)?

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void, limit: Int, addresses: UpstreamAddressPolicy) {
        self.sink = sink
        self.limit = limit
        self.addresses = addresses
    }
}

func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    do {
        exchange.received += length
        guard exchange.received <= exchange.limit else { throw UpstreamFailure("the answer is larger than \(exchange.limit) bytes.") }
        try exchange.sink(UnsafeRawBufferPointer(start: data, count: length))
        return length
    } catch {
        exchange.error = error
        return 0
    }
}

/// One header line per call; a status line (after a redirect, or a 100) starts a new set.
func curlHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let context, let data else { return length }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        exchange.headers = [:]
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
        exchange.headers[name] = value
    }
    return length
}

/// Every socket curl opens, for the first URL, each address a name resolves to, and each
/// redirect: opened only when the guard allows the address; otherwise curl sees a socket that
/// could not be made and tries the next address or fails the exchange.
func curlOpenSocket(
    _ context: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let context, let address, purpose == CURLSOCKTYPE_IPCXN else { return granary_curl_socket_bad }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    let family = address.pointee.family
    guard let bytes = socketAddressBytes(address) else {
        exchange.refusedAddresses.append("an address of family \(family)")
        return granary_curl_socket_bad
    }
    if let kind = exchange.addresses.refusal(of: bytes) {
        exchange.refusedAddresses.append("\(describe(bytes)) (\(kind))")
        return granary_curl_socket_bad
    }
    return socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
}

/// The IP address of curl's sockaddr (4 or 16 bytes, network order); nil for other families.
private func socketAddressBytes(_ address: UnsafeMutablePointer<curl_sockaddr>) -> [UInt8]? {
    let storage = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
    let length = Int(address.pointee.addrlen)
    switch address.pointee.family {
    case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
        let offset = MemoryLayout<sockaddr_in>.offset(of: \sockaddr_in.sin_addr)!
        return Array(UnsafeRawBufferPointer(start: storage + offset, count: 4))
    case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
        let offset = MemoryLayout<sockaddr_in6>.offset(of: \sockaddr_in6.sin6_addr)!
        return Array(UnsafeRawBufferPointer(start: storage + offset, count: 16))
    default:
        return nil
    }
}

/// Dotted IPv4, or IPv6 as eight hex groups (uncompressed: it is only for the log).
private func describe(_ bytes: [UInt8]) -> String {
    if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
    return stride(from: 0, to: bytes.count, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        .joined(separator: ":")
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
