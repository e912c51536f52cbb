import CCurl
import GranaryCore

/// `UpstreamClient` over libcurl: one easy handle per exchange (created and freed on the calling
/// thread), redirects followed (at most 5), no signals (threads), TLS verified against the system
/// store or `caBundle`.
public struct CurlUpstreamClient: UpstreamClient {
    let caBundle: String?
    let userAgent: String

    /// Once per process, before any thread starts (like FCGX_Init and mysql_library_init).
    public static func initializeLibrary() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    public init(caBundle: String? = nil, userAgent: String = "Granary") {
        self.caBundle = caBundle
        self.userAgent = userAgent
    }

    public func fetch(_ request: UpstreamRequest) throws -> UpstreamResponse {
        var body: [UInt8] = []
        let limit = request.maxBodyBytes
        let head = try perform(request) { chunk in
            guard body.count + chunk.count <= limit else { throw UpstreamFailure("\(request.url) answered more than \(limit) bytes.") }
            body.append(contentsOf: chunk)
        }
        return UpstreamResponse(status: head.status, headers: head.headers, body: body, url: head.url)
    }

    public func download(_ request: UpstreamRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> UpstreamResponse {
        try perform(request, sink: sink)
    }

    private func perform(_ request: UpstreamRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> UpstreamResponse {
        guard let curl = curl_easy_init() else { throw UpstreamFailure("libcurl could not start an exchange.") }
        defer { curl_easy_cleanup(curl) }
        return try withoutActuallyEscaping(sink) { sink in
            let exchange = CurlExchange(sink: sink)
            let context = Unmanaged.passUnretained(exchange).toOpaque()
            var headerList: UnsafeMutablePointer<curl_slist>?
            defer { curl_slist_free_all(headerList) }
            for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
            granary_curl_set_string(curl, CURLOPT_URL, request.url)
            granary_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
            granary_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, 1)
            granary_curl_set_long(curl, CURLOPT_MAXREDIRS, 5)
            granary_curl_set_long(curl, CURLOPT_TIMEOUT_MS, Int(request.timeoutSeconds * 1000))
            granary_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(min(request.timeoutSeconds, 10) * 1000))
            granary_curl_set_string(curl, CURLOPT_USERAGENT, userAgent)
            granary_curl_set_string(curl, CURLOPT_ACCEPT_ENCODING, "")
            if let caBundle { granary_curl_set_string(curl, CURLOPT_CAINFO, caBundle) }
            granary_curl_set_pointer(curl, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
            granary_curl_set_callback(curl, CURLOPT_WRITEFUNCTION, curlWrite)
            granary_curl_set_pointer(curl, CURLOPT_WRITEDATA, context)
            granary_curl_set_callback(curl, CURLOPT_HEADERFUNCTION, curlHeader)
            granary_curl_set_pointer(curl, CURLOPT_HEADERDATA, context)
            let code = curl_easy_perform(curl)
            if let error = exchange.error { throw error }
            guard code == CURLE_OK else {
                let reason = String(cString: curl_easy_strerror(code))
                throw UpstreamFailure(code == CURLE_OPERATION_TIMEDOUT ? "\(request.url) timed out: \(reason)" : "\(request.url): \(reason)")
            }
            var status = 0
            granary_curl_get_long(curl, CURLINFO_RESPONSE_CODE, &status)
            var effective: UnsafeMutablePointer<CChar>?
            granary_curl_get_string(curl, CURLINFO_EFFECTIVE_URL, &effective)
            return UpstreamResponse(
                status: status, headers: exchange.headers, body: [], url: effective.map { String(cString: $0) } ?? request.url)
        }
    }
}

/// What the C callbacks write into during one exchange.
final class CurlExchange {
    let sink: (UnsafeRawBufferPointer) throws -> Void
    var headers: [String: String] = [:]
    var error: (any Error)?

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
    }
}

private func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    do {
        try exchange.sink(UnsafeRawBufferPointer(start: data, count: length))
        return length
    } catch {
        exchange.error = error
        return 0
    }
}

/// One header line per call; a status line (after a redirect, or a 100) starts a new set.
private func curlHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
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

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
