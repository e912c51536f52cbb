import ControlPlane
import GranaryCore

/// StartReplay, DescribeReplay, ListReplays and CancelReplay with botocore's shapes. A replay
/// goes to the rules of the archive's own bus (EventBridge permits no other), all of them or
/// those FilterArns names.
enum ReplayOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("StartReplay") { call, context in try start(EventsCall(call, context)) }
        service.add("CancelReplay") { call, context in
            let events = EventsCall(call, context)
            let replay = try ReplayService(call: events).cancel(EventsValidation.name(events.input.string("ReplayName"), "ReplayName"))
            var out = JSON11Output()
            out["ReplayArn"] = replay.arn(region: events.region)
            out["State"] = replay.state.rawValue
            out["StateReason"] = replay.stateReason
            return out
        }
        service.add("DescribeReplay", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("ReplayName"), "ReplayName")
            let replay = try ReplayService(call: events).existing(name, for: .describeReplay)
            var out = wire(replay, events)
            out["ReplayArn"] = replay.arn(region: events.region)
            out["Description"] = replay.description
            var destination = JSON11Output()
            destination["Arn"] = replay.destinationArn(region: events.region)
            destination.set("FilterArns", strings: replay.filterArns.isEmpty ? nil : replay.filterArns)
            out.set("Destination", destination)
            return out
        }
        service.add("ListReplays", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let state = try EventsValidation.oneOf(input.string("State"), "State", EventReplay.State.allCases.map(\.rawValue))
            let (found, next) = try ReplayService(call: events).list(
                prefix: EventsValidation.optionalName(input.string("NamePrefix"), "NamePrefix"), state: state.flatMap(EventReplay.State.init),
                archive: input.string("EventSourceArn"), token: EventsValidation.nextToken(input), limit: EventsValidation.limit(input))
            return .page("Replays", found.map { wire($0, events) }, next: next)
        }
    }

    private static func start(_ call: EventsCall) throws -> JSON11Output {
        let input = call.input
        let name = try EventsValidation.name(input.string("ReplayName"), "ReplayName")
        let description = try EventsValidation.text(input.string("Description"), "Description")
        let archiveArn = try EventsValidation.required(input.string("EventSourceArn"), "EventSourceArn")
        let startTime = try EventsValidation.required(input.timestamp("EventStartTime"), "EventStartTime")
        let endTime = try EventsValidation.required(input.timestamp("EventEndTime"), "EventEndTime")
        guard startTime < endTime else {
            throw ServiceError.validation("Parameter EventStartTime is not valid. Reason: EventStartTime must be earlier than EventEndTime.")
        }
        let destination = try EventsValidation.required(input.structure("Destination"), "Destination")
        let bus = try EventBusReference.own(
            EventsValidation.required(destination.string("Arn"), "Destination.Arn"), member: "Destination.Arn", in: call)
        let filters = try destination.strings("FilterArns") ?? []
        let replay = try ReplayService(call: call).start(name, archiveArn: archiveArn) { archive in
            guard bus.name == archive.busName else {
                throw ServiceError.validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.")
            }
            for arn in filters where bus.ruleName(ofArn: arn, region: call.region) == nil {
                throw ServiceError.validation("Parameter Destination.FilterArns is not valid. Reason: \(arn) is not a rule of event bus \(bus.name).")
            }
            return EventReplay(
                accountId: call.account, name: name, description: description, archiveName: archive.name, eventStartTime: startTime,
                eventEndTime: endTime, destinationBus: bus.name, filterArns: filters)
        }
        var out = JSON11Output()
        out["ReplayArn"] = replay.arn(region: call.region)
        out["State"] = replay.state.rawValue
        out.set("ReplayStartTime", seconds: replay.replayStartTime)
        return out
    }

    /// A replay as ListReplays shows it (DescribeReplay adds its ARN, description and destination).
    static func wire(_ replay: EventReplay, _ call: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["ReplayName"] = replay.name
        out["EventSourceArn"] = replay.eventSourceArn(region: call.region)
        out["State"] = replay.state.rawValue
        out["StateReason"] = replay.stateReason
        out.set("EventStartTime", seconds: replay.eventStartTime)
        out.set("EventEndTime", seconds: replay.eventEndTime)
        out.set("EventLastReplayedTime", seconds: replay.eventLastReplayedTime)
        out.set("ReplayStartTime", seconds: replay.replayStartTime)
        out.set("ReplayEndTime", seconds: replay.replayEndTime)
        return out
    }
}
