/// What a request claims about its own signature, read from either the `Authorization` header
/// (`AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…, Signature=…`
/// with the date in `X-Amz-Date` or `Date`) or the presigned query (`X-Amz-Algorithm`,
/// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Signature`).
/// Parsing checks form only (AWS's `IncompleteSignatureException` cases); the verifier checks
/// meaning (dates, scope, key, signature).
public struct SigV4Authorization: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        case header
        /// Presigned; `expires` is `X-Amz-Expires` in seconds, nil when the URL does not carry one.
        case query(expires: Int64?)
    }

    public let form: Form
    public let accessKeyID: String
    public let scope: SigV4CredentialScope
    /// Lower-cased, in the order the client listed them.
    public let signedHeaders: [String]
    /// As sent (hex).
    public let signature: String
    public let timestamp: SigV4Timestamp

    /// The longest presigned lifetime AWS allows: 7 days.
    public static let maxExpires: Int64 = 604_800
    static let queryNames = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]

    /// Reads the request's authorization. Throws `missingAuthenticationToken` when it carries none.
    public static func parse(_ request: SigV4Request) throws(SigV4Error) -> SigV4Authorization {
        let header = request.header("authorization")
        let query = SigV4Encoding.amzCandidates(rawQuery: request.rawQuery)
        let presigned = query.contains { ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature"].contains($0.name) }
        switch (header, presigned) {
        case (nil, false): throw .missingAuthenticationToken
        case (.some, true):
            throw .incomplete(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string "
                    + "parameter or the Authorization header should be specified")
        case (.some(let header), false): return try parseHeader(header, request)
        case (nil, true): return try parseQuery(query)
        }
    }

    private static func parseHeader(_ rawHeader: String, _ request: SigV4Request) throws(SigV4Error) -> SigV4Authorization {
        let header = rawHeader.trimmingSpaces
        let algorithm = header.prefix { $0 != " " }
        if algorithm != SigV4Signing.algorithm && algorithm.hasPrefix("AWS4-") {
            throw .incomplete("Unsupported AWS 'algorithm': '\(algorithm)'.")
        }
        var fields = [String: String]()
        if algorithm == SigV4Signing.algorithm {
            // AWS splits on commas and whitespace alike: "Credential=AKID /2015…" is two pieces.
            // (Byte by byte: every request to the API is signed, so this runs for each.)
            let isSeparator = { (byte: UInt8) in byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            for piece in header.utf8.dropFirst(algorithm.utf8.count).split(whereSeparator: isSeparator) {
                guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else {
                    throw .incomplete(
                        "'\(Substring(piece))' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'.")
                }
                let key = String(Substring(piece[..<equals]))
                if fields[key] == nil { fields[key] = String(Substring(piece[piece.index(after: equals)...])) }
            }
        }
        let dateText = request.header("x-amz-date") ?? request.header("date")
        var missing = [String]()
        for name in ["Credential", "Signature", "SignedHeaders"] where fields[name] == nil {
            missing.append("Authorization header requires '\(name)' parameter.")
        }
        if dateText == nil {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        guard missing.isEmpty, let credential = fields["Credential"], let signature = fields["Signature"],
            let signedHeaders = fields["SignedHeaders"], let dateText
        else {
            throw .incomplete((missing + ["Authorization=\(header)"]).joined(separator: " "))
        }
        let timestamp: SigV4Timestamp
        if let amzDate = request.header("x-amz-date") {
            timestamp = try parseBasicDate(amzDate.trimmingSpaces)
        } else if let parsed = SigV4Timestamp(httpDate: dateText.trimmingSpaces) {
            timestamp = parsed
        } else {
            throw .incomplete("Date must be an HTTP date (RFC 7231). Got '\(dateText)'.")
        }
        let (key, scope) = try parseCredential(credential)
        return SigV4Authorization(
            form: .header, accessKeyID: key, scope: scope, signedHeaders: try parseSignedHeaders(signedHeaders),
            signature: signature, timestamp: timestamp)
    }

    private static func parseQuery(_ query: [(name: String, value: String)]) throws(SigV4Error) -> SigV4Authorization {
        func first(_ name: String) -> String? { query.first { $0.name == name }?.value }
        for name in queryNames + ["X-Amz-Expires"] where query.filter({ $0.name == name }).count > 1 {
            throw .incomplete("The query-string parameter '\(name)' must be given once.")
        }
        let missing = queryNames.filter { first($0) == nil }
        guard missing.isEmpty, let algorithm = first("X-Amz-Algorithm"), let credential = first("X-Amz-Credential"),
            let signature = first("X-Amz-Signature"), let signedHeaders = first("X-Amz-SignedHeaders"),
            let date = first("X-Amz-Date")
        else {
            throw .incomplete(
                (missing.map { "AWS query-string parameters must include '\($0)'." }
                    + ["Re-examine the query-string parameters."]).joined(separator: " "))
        }
        guard algorithm == SigV4Signing.algorithm else {
            throw .incomplete("Unsupported AWS 'algorithm': '\(algorithm)'.")
        }
        var expires: Int64?
        if let text = first("X-Amz-Expires") {
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }),
                let value = Int64(text)
            else { throw .incomplete("X-Amz-Expires should be a number") }
            guard value <= maxExpires else {
                throw .incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800")
            }
            expires = value
        }
        let timestamp = try parseBasicDate(date)
        let (key, scope) = try parseCredential(credential)
        return SigV4Authorization(
            form: .query(expires: expires), accessKeyID: key, scope: scope,
            signedHeaders: try parseSignedHeaders(signedHeaders), signature: signature, timestamp: timestamp)
    }

    private static func parseBasicDate(_ text: String) throws(SigV4Error) -> SigV4Timestamp {
        guard let timestamp = SigV4Timestamp(iso8601Basic: text) else {
            throw .incomplete("Date must be in ISO-8601 'basic format'. Got '\(text)'. See http://en.wikipedia.org/wiki/ISO_8601")
        }
        return timestamp
    }

    private static func parseCredential(_ text: String) throws(SigV4Error) -> (String, SigV4CredentialScope) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else {
            throw .incomplete(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(text)'")
        }
        guard parts[4] == SigV4Signing.terminator else {
            throw .incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '\(parts[4])'.")
        }
        return (parts[0], SigV4CredentialScope(date: parts[1], region: parts[2], service: parts[3]))
    }

    private static func parseSignedHeaders(_ text: String) throws(SigV4Error) -> [String] {
        let names = text.split(separator: ";", omittingEmptySubsequences: false).map { String($0).lowercased() }
        guard names.contains("host") else {
            throw .incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        guard !names.contains(where: \.isEmpty) else {
            throw .incomplete("SignedHeaders must be a ';'-separated list of header names. Got '\(text)'.")
        }
        return names
    }
}

/// `DATE/REGION/SERVICE/aws4_request`: what a signing key was derived for.
public struct SigV4CredentialScope: Sendable, Hashable, CustomStringConvertible {
    public let date: String
    public let region: String
    public let service: String

    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    public var description: String { "\(date)/\(region)/\(service)/\(SigV4Signing.terminator)" }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last, isSpace(first) || isSpace(last) else { return self }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
