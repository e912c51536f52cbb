import ControlPlane
import FormatKit
import GranaryCore

/// TestEventPattern: the pattern validated and the event matched by the real matcher
/// (`Events.EventPattern`), as the dispatcher matches rules.
enum PatternOperations {
    /// The fields EventBridge requires of TestEventPattern's event.
    static let mandatoryFields = ["id", "account", "source", "time", "region", "resources", "detail-type"]

    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("TestEventPattern", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let patternText = try EventsValidation.required(events.input.string("EventPattern"), "EventPattern")
            let eventText = try EventsValidation.required(events.input.string("Event"), "Event")
            try events.services.authorize(.testEventPattern, arn: "*", owner: events.account)
            let pattern = try PatternText.parse(patternText)
            guard let event = try? OrderedJSON.parse(eventText), case .object(let fields) = event else {
                throw ServiceError.validation("Parameter Event is not valid. Reason: Provided Event is not valid JSON.")
            }
            for field in mandatoryFields where fields[field] == nil {
                throw ServiceError.validation("Parameter Event is not valid. Reason: Provided Event must have mandatory field \(field).")
            }
            var out = JSON11Output()
            out.set("Result", pattern.matches(event))
            return out
        }
    }
}
