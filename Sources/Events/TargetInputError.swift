/// Why a target's Input, InputPath or InputTransformer was refused, worded for PutTargets'
/// `ValidationException` ("InputTemplate contains invalid placeholder notdefinedkey."). The API
/// edge may name the target, as EventBridge does ("… for target <id> …").
public struct TargetInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
