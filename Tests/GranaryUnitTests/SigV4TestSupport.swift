import ControlPlane
import Foundation
import GranaryCrypto
import Testing

/// One vector of the AWS SigV4 test suite (`Tests/Fixtures/sigv4/aws-sig-v4-test-suite`):
/// the raw `.req` parsed into a `SigV4Request`, plus the expected `.creq`, `.sts` and `.authz`.
struct SigV4SuiteVector: Sendable, CustomStringConvertible {
    static let secret = Array("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".utf8)
    static let time = "20150830T123600Z"
    static let scope = "20150830/us-east-1/service/aws4_request"

    let name: String
    let request: SigV4Request
    let creq: String
    let sts: String
    let authz: String

    var description: String { name }

    /// The suite's directory, found from this file (`Tests/GranaryUnitTests/…` → `Tests/Fixtures/…`).
    static let directory: URL = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Fixtures/sigv4/aws-sig-v4-test-suite")

    /// Every vector (a directory holding `<name>.req`), nested ones (`normalize-path/*`) included.
    static let all: [String] = {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var names = [String]()
        for case let url as URL in walker where url.pathExtension == "req" {
            names.append(url.deletingLastPathComponent().path.replacingOccurrences(of: directory.path + "/", with: ""))
        }
        return names.sorted()
    }()

    init(_ relativeDirectory: String) throws {
        name = relativeDirectory.split(separator: "/").last.map(String.init) ?? relativeDirectory
        let base = Self.directory.appending(path: relativeDirectory).appending(path: name)
        func read(_ ext: String) throws -> String {
            try String(decoding: Data(contentsOf: base.appendingPathExtension(ext)), as: UTF8.self)
        }
        request = try Self.parse(read("req"))
        creq = try read("creq")
        sts = try read("sts")
        authz = try read("authz")
    }

    /// Parses a raw request: `METHOD TARGET VERSION`, header lines, a blank line, the body.
    /// TARGET runs from the first to the last space (`get-space` has a space in its path).
    /// A line that starts with whitespace continues the previous header. The suite reads such a
    /// line as one more value of that header (`get-header-value-multiline` expects
    /// `value1,value2,value3`), so that is how it is parsed here. RFC 7230 §3.2.4 deprecates this
    /// "obs-fold" and botocore never folds a header, so no Granary client produces it.
    static func parse(_ text: String) throws -> SigV4Request {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
            firstSpace < lastSpace
        else { throw VectorError.malformed(requestLine) }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        var headers = [(name: String, value: String)]()
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", let previous = headers.last {
                headers.append((previous.name, line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                throw VectorError.malformed(line)
            }
        }
        let body = lines.isEmpty ? "" : lines.dropFirst().joined(separator: "\n")
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return SigV4Request(
            method: method, rawPath: String(path[0]), rawQuery: path.count > 1 ? String(path[1]) : "", headers: headers,
            bodySHA256: Hex.encode(Digest.hash(.sha256, Array(body.utf8))))
    }

    /// The `SignedHeaders=` list of an Authorization header, or the one-but-last line of a `.creq`.
    static func signedHeaders(authorization: String) -> [String] {
        let field = authorization.split(separator: ",").first { $0.contains("SignedHeaders=") } ?? ""
        return field.split(separator: "=", maxSplits: 1).last.map { $0.split(separator: ";").map(String.init) } ?? []
    }

    static func signedHeaders(creq: String) -> [String] {
        let lines = creq.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count >= 2 ? lines[lines.count - 2].split(separator: ";").map(String.init) : []
    }

    enum VectorError: Error { case malformed(String) }
}

/// Signs requests for the verifier's negative tests (the positive side is proven by the AWS suite
/// and by the botocore-signed vectors, which do not use this).
enum SigV4TestSigner {
    static let keyID = "AKIDEXAMPLE"
    static let secret = Array("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".utf8)
    static let time = SigV4Timestamp(iso8601Basic: "20150830T123600Z") ?? SigV4Timestamp(secondsSince1970: 0)

    static func verifier(now: SigV4Timestamp = time, region: String = "us-east-1", service: String = "service") -> SigV4Verifier {
        SigV4Verifier(service: service, region: region, now: { now })
    }

    static func lookup(_ keyID: String) -> [UInt8]? { keyID == Self.keyID ? secret : nil }

    static func request(
        method: String = "GET", path: String = "/", query: String = "", headers: [(name: String, value: String)] = [],
        body: String = ""
    ) -> SigV4Request {
        SigV4Request(
            method: method, rawPath: path, rawQuery: query,
            headers: [("Host", "example.amazonaws.com")] + headers,
            bodySHA256: Hex.encode(Digest.hash(.sha256, Array(body.utf8))))
    }

    /// Adds `X-Amz-Date` (unless a date header is there) and an Authorization header.
    static func signed(
        _ input: SigV4Request, keyID: String = keyID, secret: [UInt8] = secret, time: SigV4Timestamp = time,
        region: String = "us-east-1", service: String = "service", signedHeaders: [String]? = nil
    ) -> SigV4Request {
        var request = input
        if request.header("x-amz-date") == nil && request.header("date") == nil {
            request.headers.append(("X-Amz-Date", time.iso8601Basic))
        }
        let names = signedHeaders ?? Array(Set(request.headers.map { $0.name.lowercased() })).sorted()
        let scope = SigV4CredentialScope(date: time.scopeDate, region: region, service: service)
        let payload = request.header("x-amz-content-sha256") ?? request.bodySHA256 ?? ""
        let canonical = SigV4CanonicalRequest(
            method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery, headers: request.headers,
            signedHeaders: names, payloadHash: payload)
        let signature = sign(canonical, time: time, scope: scope, secret: secret)
        request.headers.append(
            ("Authorization", "AWS4-HMAC-SHA256 Credential=\(keyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"))
        return request
    }

    /// A presigned request: the X-Amz-* parameters appended to the query, `host` signed.
    static func presigned(
        _ input: SigV4Request, time: SigV4Timestamp = time, expires: Int64? = 300, extra: String = ""
    ) -> SigV4Request {
        var request = input
        let scope = SigV4CredentialScope(date: time.scopeDate, region: "us-east-1", service: "service")
        var parameters = [
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Credential=" + SigV4Encoding.encode("\(keyID)/\(scope)".utf8),
            "X-Amz-Date=\(time.iso8601Basic)",
            "X-Amz-SignedHeaders=host",
        ]
        if let expires { parameters.append("X-Amz-Expires=\(expires)") }
        if !extra.isEmpty { parameters.append(extra) }
        request.rawQuery = ([request.rawQuery].filter { !$0.isEmpty } + parameters).joined(separator: "&")
        let canonical = SigV4CanonicalRequest(
            method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery, headers: request.headers,
            signedHeaders: ["host"], payloadHash: request.bodySHA256 ?? "")
        request.rawQuery += "&X-Amz-Signature=" + sign(canonical, time: time, scope: scope, secret: secret)
        return request
    }

    static func sign(_ canonical: SigV4CanonicalRequest, time: SigV4Timestamp, scope: SigV4CredentialScope, secret: [UInt8]) -> String {
        let key = SigV4Signing.signingKey(secret: secret, date: scope.date, region: scope.region, service: scope.service)
        return Hex.encode(SigV4Signing.signature(signingKey: key, stringToSign: canonical.stringToSign(
            timestamp: time.iso8601Basic, scope: scope.description)))
    }

    /// The SigV4Error `body` throws, if it throws one.
    static func failure(_ body: () throws -> SigV4Identity) -> SigV4Error? {
        do {
            _ = try body()
            return nil
        } catch let error as SigV4Error {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}
