/// One request to authorize: who (the principal), what (`codeartifact:ReadFromRepository`), on
/// which resource ARN, owned by which account, and the request's condition keys.
///
/// The principal keys (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`,
/// `aws:PrincipalType`, `aws:username`, `aws:userid`) come from `principal` and cannot be
/// overridden through `context`. Everything else (`aws:SourceIp`, `aws:CurrentTime`,
/// `aws:EpochTime`, `aws:SecureTransport`, `aws:ResourceTag/…`, `aws:RequestTag/…`,
/// `aws:TagKeys`, service keys) is the caller's to supply; `globalContext(…)` builds the usual set.
/// Key names are case-insensitive.
public struct AuthorizationRequest: Sendable, Equatable {
    public let principal: PolicyPrincipal
    /// `service:Action`, e.g. `codeartifact:ReadFromRepository`.
    public let action: String
    public let resource: String
    /// The account that owns `resource`; a request is cross-account when it differs from the principal's.
    public let resourceOwner: String
    public let context: [String: ConditionValue]

    public init(
        principal: PolicyPrincipal, action: String, resource: String, resourceOwner: String,
        context: [String: ConditionValue] = [:]
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceOwner = resourceOwner
        self.context = context
    }

    public var isCrossAccount: Bool { principal.accountId != resourceOwner }

    /// The global keys Granary knows of a request. `currentTime` (epoch seconds) sets both
    /// `aws:CurrentTime` and `aws:EpochTime`; `requestTags` sets `aws:RequestTag/<key>` and the
    /// multi-valued `aws:TagKeys`; `resourceTags` sets `aws:ResourceTag/<key>`.
    public static func globalContext(
        sourceIp: String? = nil, secureTransport: Bool? = nil, currentTime: Double? = nil,
        resourceTags: [String: String] = [:], requestTags: [String: String] = [:]
    ) -> [String: ConditionValue] {
        var keys: [String: ConditionValue] = [:]
        if let sourceIp { keys["aws:SourceIp"] = .ipAddress(sourceIp) }
        if let secureTransport { keys["aws:SecureTransport"] = .bool(secureTransport) }
        if let currentTime {
            keys["aws:CurrentTime"] = .date(epochSeconds: currentTime)
            keys["aws:EpochTime"] = .number(currentTime.rounded(.down))
        }
        for (key, value) in resourceTags { keys["aws:ResourceTag/\(key)"] = .string(value) }
        for (key, value) in requestTags { keys["aws:RequestTag/\(key)"] = .string(value) }
        if !requestTags.isEmpty { keys["aws:TagKeys"] = .strings(requestTags.keys.sorted()) }
        return keys
    }
}

/// A request's condition keys with lower-cased names: the supplied context, then the principal's keys.
struct EvaluationContext: Sendable {
    private let values: [String: ConditionValue]

    init(_ request: AuthorizationRequest) {
        var values: [String: ConditionValue] = [:]
        for (key, value) in request.context { values[key.lowercased()] = value }
        for (key, value) in request.principal.conditionKeys { values[key.lowercased()] = value }
        self.values = values
    }

    /// `key` must already be lower-cased.
    func value(forKey key: String) -> ConditionValue? { values[key] }
}
