import GranaryCrypto

/// The secret an API destination signs its deliveries with (Granary's own addition to
/// EventBridge: `X-Granary-Signature`, HMAC-SHA256 over the timestamp and the body), so a
/// receiver can tell a delivery from Granary from anything else. 32 random bytes, shown as
/// `whsec_` + hex by Granary's API only; sealed under the master key, bound to the destination's
/// account, name and UUID.
public struct DestinationSigningSecret: Sendable, Equatable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public static func generate() -> DestinationSigningSecret { DestinationSigningSecret(bytes: SecureRandom.bytes(32)) }

    /// What receivers configure.
    public var text: String { "whsec_" + Hex.encode(bytes) }

    static func sealContext(_ destination: ApiDestination) -> String {
        "event-destination-signing/\(destination.accountId)/\(destination.name)/\(destination.uuid)"
    }

    public func sealed(for destination: ApiDestination, by sealer: SecretSealer) throws -> [UInt8] {
        try sealer.seal(bytes, context: Self.sealContext(destination))
    }

    public static func opened(_ sealed: [UInt8], for destination: ApiDestination, by sealer: SecretSealer) throws -> DestinationSigningSecret {
        DestinationSigningSecret(bytes: try sealer.open(sealed, context: sealContext(destination)))
    }

    /// The same with the sealer of the request's services (the master key's).
    public func sealed(for destination: ApiDestination, in context: ServiceContext) throws -> [UInt8] {
        try sealed(for: destination, by: context.accounts.sealer)
    }

    public static func opened(_ sealed: [UInt8], for destination: ApiDestination, in context: ServiceContext) throws
        -> DestinationSigningSecret
    {
        try opened(sealed, for: destination, by: context.accounts.sealer)
    }
}
