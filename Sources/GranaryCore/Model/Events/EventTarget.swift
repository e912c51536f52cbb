
/// A target of a rule (sql/0014 `event_targets`): in Granary always an API destination's ARN,
/// with what is delivered (`input`), the HTTP parameters the destination's URL and request take,
/// and how long delivery is retried. Validated by the EventBridge API (TargetInput) before it is
/// stored; the dispatcher builds its `TargetInput` from `input` again.
public struct EventTarget: Sendable, Equatable {
    /// Input, InputPath, InputTransformer, or none of them (the whole event).
    public enum Input: Sendable, Hashable {
        case wholeEvent
        case constant(String)
        case path(String)
        case transformer(pathsMap: [String: String], template: String)
    }

    /// RetryPolicy as given; nil fields take EventBridge's defaults (`defaultMaximumRetryAttempts`,
    /// `defaultMaximumEventAgeSeconds`).
    public struct RetryPolicy: Sendable, Equatable {
        public var maximumRetryAttempts: Int?
        public var maximumEventAgeSeconds: Int?

        public init(maximumRetryAttempts: Int?, maximumEventAgeSeconds: Int?) {
            self.maximumRetryAttempts = maximumRetryAttempts
            self.maximumEventAgeSeconds = maximumEventAgeSeconds
        }
    }

    public static let defaultMaximumRetryAttempts = 185
    public static let defaultMaximumEventAgeSeconds = 86400

    /// The target's Id, unique within its rule.
    public let id: String
    public let arn: String
    public var roleArn: String?
    public var input: Input
    public var httpParameters: HttpParameters?
    public var retryPolicy: RetryPolicy?

    public init(id: String, arn: String, roleArn: String?, input: Input, httpParameters: HttpParameters?, retryPolicy: RetryPolicy?) {
        self.id = id
        self.arn = arn
        self.roleArn = roleArn
        self.input = input
        self.httpParameters = httpParameters
        self.retryPolicy = retryPolicy
    }

    /// HttpParameters of an API destination target: values for the `*`s of the endpoint's path,
    /// headers and query parameters added to each request.
    public struct HttpParameters: Sendable, Equatable, Codable {
        public var pathParameterValues: [String]
        public var headerParameters: [String: String]
        public var queryStringParameters: [String: String]

        public init(pathParameterValues: [String], headerParameters: [String: String], queryStringParameters: [String: String]) {
            self.pathParameterValues = pathParameterValues
            self.headerParameters = headerParameters
            self.queryStringParameters = queryStringParameters
        }
    }
}
