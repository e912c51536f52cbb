import ControlPlane
import Events
import GranaryCore

/// EventPattern members (PutRule, CreateArchive, UpdateArchive, TestEventPattern): at most 4096
/// characters by the model, then validated by the real matcher (`EventPattern`), whose refusal
/// is InvalidEventPatternException with EventBridge's reason.
enum PatternText {
    static func parse(_ text: String, member: String = "EventPattern") throws -> EventPattern {
        try EventsValidation.length(text, member, 0...4096)
        do {
            return try EventPattern(parsing: text)
        } catch {
            throw EventsError.invalidPattern(error.message)
        }
    }
}
