import CCurl
import GranaryCore

/// `UpstreamClient` over libcurl: one easy handle per exchange (created and freed on the calling
/// thread), redirects followed (at most 5), no signals (threads), TLS verified against the system
/// store or `caBundle`. Guarded (ARCHITECTURE.md rule 10): http and https only, on the first URL
/// and on every redirect; every socket's address is checked against `addresses` before it is
/// opened, so what a name resolves to, or a redirect leads to, is judged where it is connected;
/// a body beyond the request's `maxBodyBytes` aborts the transfer. Proxy settings of the
/// environment are not used: the guard must see the registry's own address.
public struct CurlUpstreamClient: UpstreamClient {
    let caBundle: String?
    let userAgent: String
    let addresses: UpstreamAddressPolicy

    static let protocols = "http,https"

    /// Once per process, before any thread starts (like FCGX_Init and mysql_library_init).
    public static func initializeLibrary() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    public init(caBundle: String? = nil, userAgent: String = "Granary", addresses: UpstreamAddressPolicy = UpstreamAddressPolicy()) {
        self.caBundle = caBundle
        self.userAgent = userAgent
        self.addresses = addresses
    }

    public func fetch(_ request: UpstreamRequest) throws -> UpstreamResponse {
        var body: [UInt8] = []
        let head = try perform(request) { chunk in body.append(contentsOf: chunk) }
        return UpstreamResponse(status: head.status, headers: head.headers, body: body, url: head.url)
    }

    public func download(_ request: UpstreamRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> UpstreamResponse {
        try perform(request, sink: sink)
    }

    /// Whether `url` names a scheme the guard lets through (checked before curl sees it; curl's
    /// own protocol options hold it on redirects).
    public static func hasAllowedScheme(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    private func perform(_ request: UpstreamRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> UpstreamResponse {
        guard Self.hasAllowedScheme(request.url) else {
            throw UpstreamFailure("\(request.url): refused, only http:// and https:// URLs are fetched.")
        }
        guard let curl = curl_easy_init() else { throw UpstreamFailure("libcurl could not start an exchange.") }
        defer { curl_easy_cleanup(curl) }
        return try withoutActuallyEscaping(sink) { sink in
            let exchange = CurlExchange(sink: sink, limit: request.maxBodyBytes, addresses: addresses)
            let context = Unmanaged.passUnretained(exchange).toOpaque()
            var headerList: UnsafeMutablePointer<curl_slist>?
            defer { curl_slist_free_all(headerList) }
            // An empty value ("Expect:") removes a header curl would add itself.
            for (name, value) in request.headers {
                headerList = curl_slist_append(headerList, value.isEmpty ? "\(name):" : "\(name): \(value)")
            }
            granary_curl_set_string(curl, CURLOPT_URL, request.url)
            granary_curl_set_string(curl, CURLOPT_PROTOCOLS_STR, Self.protocols)
            granary_curl_set_string(curl, CURLOPT_REDIR_PROTOCOLS_STR, Self.protocols)
            granary_curl_set_string(curl, CURLOPT_PROXY, "")
            granary_curl_set_opensocket(curl, curlOpenSocket)
            granary_curl_set_pointer(curl, CURLOPT_OPENSOCKETDATA, context)
            granary_curl_set_offset(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodyBytes))
            granary_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
            granary_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
            granary_curl_set_long(curl, CURLOPT_MAXREDIRS, 5)
            if request.method == "HEAD" {
                granary_curl_set_long(curl, CURLOPT_NOBODY, 1)
            } else if request.method != "GET" {
                granary_curl_set_string(curl, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if let body = request.body {
                // COPYPOSTFIELDS: curl copies the bytes at once (POSTFIELDSIZE first says how many).
                granary_curl_set_offset(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                if body.isEmpty {
                    granary_curl_set_string(curl, CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    _ = body.withUnsafeBytes { granary_curl_set_pointer(curl, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
                }
            }
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
            guard code == CURLE_OK else { throw failure(code, request, exchange) }
            var status = 0
            granary_curl_get_long(curl, CURLINFO_RESPONSE_CODE, &status)
            var effective: UnsafeMutablePointer<CChar>?
            granary_curl_get_string(curl, CURLINFO_EFFECTIVE_URL, &effective)
            return UpstreamResponse(
                status: status, headers: exchange.headers, body: [], url: effective.map { String(cString: $0) } ?? request.url)
        }
    }

    /// What went wrong, for the log: the guard's refusals by name, then curl's own text.
    private func failure(_ code: CURLcode, _ request: UpstreamRequest, _ exchange: CurlExchange) -> UpstreamFailure {
        let reason = String(cString: curl_easy_strerror(code))
        if !exchange.refusedAddresses.isEmpty, code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT {
            return UpstreamFailure(
                "\(request.url): refused to connect to \(exchange.refusedAddresses.joined(separator: ", ")), not in "
                    + "GRANARY_UPSTREAM_ALLOW_NETWORKS (curl: \(reason)).")
        }
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL:
            return UpstreamFailure("\(request.url): refused, a redirect led to a scheme other than http/https (curl: \(reason)).")
        case CURLE_FILESIZE_EXCEEDED:
            return UpstreamFailure("\(request.url) announced more than \(request.maxBodyBytes) bytes (curl: \(reason)).")
        case CURLE_OPERATION_TIMEDOUT:
            return UpstreamFailure("\(request.url) timed out: \(reason)")
        default:
            return UpstreamFailure("\(request.url): \(reason)")
        }
    }
}
