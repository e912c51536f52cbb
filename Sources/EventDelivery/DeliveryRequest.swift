import FormatKit
import FoundationEssentials
import GranaryCore
import GranaryCrypto

/// The HTTP request of one attempt to an API destination, as EventBridge makes it: the
/// endpoint with each `*` replaced by the target's PathParameterValues, the target's and then
/// the connection's query-string and header parameters (the connection's win on the same key),
/// the connection's authorization (Basic, or the API key header), the connection's body
/// parameters merged into a JSON object body, `Content-Type: application/json; charset=utf-8`.
/// Granary adds the event's id, the attempt number and, when the destination has a signing
/// secret, `X-Granary-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
public struct DeliveryRequest: Sendable {
    public static let userAgent = "Amazon/EventBridge/ApiDestinations"
    public static let signatureHeader = "X-Granary-Signature"

    public let url: String
    public let method: String
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]?

    public init(
        delivery: PendingDelivery, destination: ApiDestination, connection: EventConnection, secrets: EventConnectionSecrets,
        signingSecret: DestinationSigningSecret?, now: Double
    ) {
        let target = delivery.httpParameters
        let parameters = secrets.httpParameters
        url = Self.url(destination.invocationEndpoint, path: target?.pathParameterValues ?? [],
            query: Self.merged(target?.queryStringParameters ?? [:], parameters?.queryStringParameters ?? []))
        method = destination.httpMethod
        var payload = Array(delivery.body.utf8)
        if let extra = parameters?.bodyParameters, !extra.isEmpty, case .object(var object)? = try? OrderedJSON.parse(payload) {
            for parameter in extra { object[parameter.key] = .string(parameter.value ?? "") }
            payload = OrderedJSON.object(object).serialized()
        }
        let sendsBody = method != "GET" && method != "HEAD"
        body = sendsBody ? payload : nil
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json; charset=utf-8"), ("User-Agent", Self.userAgent),
            // curl would wait for a 100 Continue before a large body; receivers rarely send one.
            ("Expect", ""),
        ]
        for (name, value) in Self.merged(target?.headerParameters ?? [:], parameters?.headerParameters ?? []) {
            headers.append((name, value))
        }
        switch connection.authorization {
        case .basic:
            let credentials = Data("\(connection.authorizationName):\(secrets.secret)".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic " + credentials))
        case .apiKey:
            headers.append((connection.authorizationName, secrets.secret))
        }
        headers.append(("X-Granary-Event-Id", delivery.eventUUID))
        headers.append(("X-Granary-Delivery-Attempt", String(delivery.attempts + 1)))
        if let signingSecret {
            headers.append((Self.signatureHeader, Self.signature(secret: signingSecret, timestamp: Int(now), body: sendsBody ? payload : [])))
        }
        self.headers = headers.filter { Self.isSafeHeader($0.name, $0.value) }
    }

    /// `t=<timestamp>,v1=<hex>`: what a receiver recomputes with its copy of the secret.
    public static func signature(secret: DestinationSigningSecret, timestamp: Int, body: [UInt8]) -> String {
        let message = Array("\(timestamp).".utf8) + body
        return "t=\(timestamp),v1=" + Hex.encode(HMAC.sha256(key: secret.bytes, message: message))
    }

    /// Target parameters first, then the connection's; a key the connection has replaces the target's.
    static func merged(_ target: [String: String], _ connection: [ConnectionHttpParameters.Parameter]) -> [(String, String)] {
        let overridden = Set(connection.map { $0.key.lowercased() })
        var merged = target.sorted { $0.key < $1.key }.filter { !overridden.contains($0.key.lowercased()) }.map { ($0.key, $0.value) }
        merged += connection.map { ($0.key, $0.value ?? "") }
        return merged
    }

    static func url(_ endpoint: String, path values: [String], query: [(String, String)]) -> String {
        var result = ""
        var remaining = values[...]
        for character in endpoint {
            if character == "*", let value = remaining.popFirst() {
                result += PercentEscapes.encode(Array(value.utf8), keeping: Self.isUnreserved)
            } else {
                result.append(character)
            }
        }
        guard !query.isEmpty else { return result }
        let encoded = query.map { key, value in
            PercentEscapes.encode(Array(key.utf8), keeping: Self.isUnreserved) + "="
                + PercentEscapes.encode(Array(value.utf8), keeping: Self.isUnreserved)
        }
        return result + (result.contains("?") ? "&" : "?") + encoded.joined(separator: "&")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// A header a stored parameter may not smuggle: CR, LF or NUL in a name or value (the
    /// API validates them; this holds at the wire too).
    static func isSafeHeader(_ name: String, _ value: String) -> Bool {
        !name.isEmpty && !(name + value).utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}
