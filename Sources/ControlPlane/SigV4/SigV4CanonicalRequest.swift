import GranaryCrypto

/// The SigV4 canonical request ("Task 1") and string to sign ("Task 2") of one request, built the
/// way botocore builds them:
///
/// ```
/// METHOD \n CANONICAL-URI \n CANONICAL-QUERY \n name:value \n … \n \n signed;headers \n PAYLOAD-HASH
/// ```
///
/// Header lines come from the request's fields named in SignedHeaders (lower-cased, in the order
/// SignedHeaders lists them, which every SDK sorts): each value is trimmed, inner whitespace runs
/// become one space, and repeated fields are joined with "," in arrival order. A signed header the
/// request lacks contributes an empty value (the signature then fails rather than the request being
/// re-interpreted).
public struct SigV4CanonicalRequest: Sendable, Equatable {
    /// The canonical request text.
    public let text: String

    public init(
        method: String, rawPath: String, rawQuery: String, headers: [(name: String, value: String)],
        signedHeaders: [String], payloadHash: String, excludingQueryParameters excluded: Set<String> = []
    ) {
        var lines = [method, SigV4Encoding.canonicalURI(rawPath: rawPath),
                     SigV4Encoding.canonicalQuery(rawQuery: rawQuery, excluding: excluded)]
        let names = signedHeaders.map { $0.lowercased() }
        for name in names {
            let values = headers.filter { $0.name.lowercased() == name }.map(\.value)
            lines.append(name + ":" + Self.canonicalValue(values))
        }
        lines.append("")
        lines.append(names.joined(separator: ";"))
        lines.append(payloadHash)
        self.text = lines.joined(separator: "\n")
    }

    /// `Trimall` of each value (botocore: `' '.join(value.split())`), joined with ",".
    public static func canonicalValue(_ values: [String]) -> String {
        values.map { value in
            value.split(whereSeparator: { isSpace($0) }).joined(separator: " ")
        }.joined(separator: ",")
    }

    /// Lower-case hex SHA-256 of the canonical request.
    public var hash: String { Hex.encode(Digest.hash(.sha256, Array(text.utf8))) }

    /// `AWS4-HMAC-SHA256 \n timestamp \n scope \n hash`.
    public func stringToSign(timestamp: String, scope: String) -> String {
        [SigV4Signing.algorithm, timestamp, scope, hash].joined(separator: "\n")
    }

    private static func isSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\r\n"
            || character == "\u{0B}" || character == "\u{0C}"
    }
}

/// The HMAC chain of SigV4: `kDate = HMAC("AWS4" + secret, date)`, then region, service and
/// `aws4_request`, and the signature `HMAC(kSigning, stringToSign)`.
public enum SigV4Signing {
    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let terminator = "aws4_request"
    /// The `x-amz-content-sha256` value of a signature that does not cover the body.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    public static func signingKey(secret: [UInt8], date: String, region: String, service: String) -> [UInt8] {
        let kDate = HMAC.sha256(key: Array("AWS4".utf8) + secret, message: date)
        let kRegion = HMAC.sha256(key: kDate, message: region)
        let kService = HMAC.sha256(key: kRegion, message: service)
        return HMAC.sha256(key: kService, message: terminator)
    }

    /// The raw 32-byte signature (hex-encode it for the wire).
    public static func signature(signingKey: [UInt8], stringToSign: String) -> [UInt8] {
        HMAC.sha256(key: signingKey, message: stringToSign)
    }
}
