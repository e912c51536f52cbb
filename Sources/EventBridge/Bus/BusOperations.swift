import ControlPlane
import GranaryCore

/// ListEventBuses and DescribeEventBus: every account has the bus `default`, and only it.
enum BusOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("ListEventBuses", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let prefix = try input.string("NamePrefix").map { try EventsValidation.length($0, "NamePrefix", 1...256) }
            _ = try EventsValidation.limit(input)
            let scope = events.account + "\n" + (prefix ?? "")
            let after = try call.cursor(scope: scope, token: EventsValidation.nextToken(input))
            try events.services.authorize(.listEventBuses, arn: "*", owner: events.account)
            let bus = EventBusReference.caller(events)
            let listed = after == nil && bus.name.hasPrefix(prefix ?? "") ? [bus] : []
            var out = JSON11Output()
            out.set("EventBuses", listed.map { wire($0, region: events.region) })
            return out
        }
        service.add("DescribeEventBus", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let bus = try EventBusReference.parse(events.input.string("Name"), member: "Name", in: events)
            try events.services.authorize(.describeEventBus, arn: bus.arn(region: events.region), owner: bus.owner)
            return wire(try bus.existing(), region: events.region)
        }
    }

    static func wire(_ bus: EventBusReference, region: String) -> JSON11Output {
        var out = JSON11Output()
        out["Name"] = bus.name
        out["Arn"] = bus.arn(region: region)
        return out
    }
}
