/// Why an event pattern was refused, worded as EventBridge words its
/// `InvalidEventPatternException` ("Event pattern is not valid. Reason: …"), so the API edge can
/// return `message` as it is.
public struct EventPatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    /// `reason` is the part after "Reason: ", as EventBridge's own messages have it
    /// ("Empty arrays are not allowed").
    init(reason: String) {
        message = "Event pattern is not valid. Reason: \(reason)"
    }

    public var description: String { message }
}
