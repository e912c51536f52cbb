import FoundationEssentials
import GranaryCrypto

/// Where token revocations live.
public protocol TokenStore {
    /// The principal behind `userId`, whether token `tokenId` was revoked, and the user's cut-off
    /// (tokens issued before it are refused): one indexed lookup. nil when the user no longer exists.
    func tokenStatus(userId: String, tokenId: [UInt8]) throws -> (principal: Principal, revoked: Bool, cutoffMs: Int64)?
    func revoke(tokenId: [UInt8], userId: String, expiresMs: Int64) throws
    func revokeAll(userId: String, notBeforeMs: Int64) throws
}

/// Why a token was refused: each becomes a 401 in the client's own error shape.
public enum TokenRejection: Error, Equatable, CustomStringConvertible {
    case missing
    case invalid
    case expired
    case revoked
    case wrongDomain

    public var description: String {
        switch self {
        case .missing: "An authorization token is required."
        case .invalid: "The authorization token is not valid."
        case .expired: "The authorization token has expired."
        case .revoked: "The authorization token has been revoked."
        case .wrongDomain: "The authorization token was issued for another domain."
        }
    }
}

/// Issues, checks and revokes authorization tokens (GetAuthorizationToken, 15 min–12 h).
public struct TokenService {
    public static let defaultSeconds = 43_200
    public static let allowedSeconds = 900...43_200

    let key: [UInt8]
    let store: TokenStore
    let nowMs: () -> Int64

    public init(key: [UInt8], store: TokenStore, nowMs: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.key = key
        self.store = store
        self.nowMs = nowMs
    }

    /// `durationSeconds` 0 or nil means the default (12 h); otherwise 900–43200.
    public func issue(for principal: Principal, domain: Domain, durationSeconds: Int?) throws -> (token: String, expiration: Double) {
        let seconds = durationSeconds == nil || durationSeconds == 0 ? Self.defaultSeconds : durationSeconds!
        guard Self.allowedSeconds.contains(seconds) else {
            throw ServiceError.validation("durationSeconds must be 0 or between 900 and 43200.")
        }
        let now = nowMs()
        let token = AuthorizationToken(
            id: SecureRandom.bytes(16), userId: principal.userId, domainOwner: domain.owner, domainName: domain.name, issuedMs: now,
            expiresMs: now + Int64(seconds) * 1000)
        return (token.encoded(key: key), Double(token.expiresMs) / 1000)
    }

    /// The principal a token acts as. Policies are evaluated per request by the caller, never here.
    /// `verified` remembers tokens whose MAC checked out (a thread's package requests present the
    /// same token again and again); expiry and revocation are checked every time.
    public func authenticate(_ text: String, verified: VerifiedTokens? = nil) throws -> (Principal, AuthorizationToken) {
        let now = nowMs()
        let token: AuthorizationToken
        if let known = verified?.tokens[text] {
            guard now < known.expiresMs else { throw TokenRejection.expired }
            token = known
        } else {
            do {
                token = try AuthorizationToken.decode(text, key: key, nowMs: now)
            } catch .expired {
                throw TokenRejection.expired
            } catch {
                throw TokenRejection.invalid
            }
            verified?.remember(text, token)
        }
        guard let status = try store.tokenStatus(userId: token.userId, tokenId: token.id) else { throw TokenRejection.invalid }
        guard !status.revoked, token.issuedMs >= status.cutoffMs else { throw TokenRejection.revoked }
        return (status.principal, token)
    }

    /// The claims of a token this server issued (MAC and expiry checked), without the revocation check.
    public func inspect(_ text: String) throws -> AuthorizationToken {
        try AuthorizationToken.decode(text, key: key, nowMs: nowMs())
    }

    /// Revokes one token. Only its holder's account may (checked by the caller's authorization).
    public func revoke(_ text: String) throws -> AuthorizationToken {
        let token: AuthorizationToken
        do {
            token = try AuthorizationToken.decode(text, key: key, nowMs: nowMs())
        } catch .expired {
            throw ServiceError.validation("The token has expired already.")
        } catch {
            throw ServiceError.validation("That is not a token this server issued.")
        }
        try store.revoke(tokenId: token.id, userId: token.userId, expiresMs: token.expiresMs)
        return token
    }

    /// Revokes every token issued to the user until now.
    public func revokeAll(userId: String) throws {
        try store.revokeAll(userId: userId, notBeforeMs: nowMs() + 1)
    }
}

/// Tokens whose MAC one thread has checked already (bounded; a token's text is its key).
public final class VerifiedTokens {
    fileprivate(set) var tokens: [String: AuthorizationToken] = [:]
    static let capacity = 10_000

    public init() {}

    fileprivate func remember(_ text: String, _ token: AuthorizationToken) {
        if tokens.count >= Self.capacity { tokens.removeAll(keepingCapacity: true) }
        tokens[text] = token
    }
}
