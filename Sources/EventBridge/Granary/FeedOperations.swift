import ControlPlane
import GranaryCore

/// ListBusEvents (GranaryEvents): the pull feed, a bus's events after a cursor, oldest first.
enum FeedOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("ListBusEvents", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let bus = try EventBusReference.parse(input.string("EventBusName"), in: events)
            try events.services.authorize(.listBusEvents, arn: bus.arn(region: events.region), owner: bus.owner)
            _ = try bus.existing()
            let cursor = try input.string("After").map { text -> Int64 in
                guard let value = Int64(text), value >= 0 else { throw ServiceError.validation("After must be a cursor this API returned.") }
                return value
            } ?? 0
            let limit = try EventsValidation.limit(input)
            let found = try events.stores.events.events(accountId: bus.owner, bus: bus.name, after: cursor, limit: limit)
            var out = JSON11Output()
            out.set("Events", found.map { event in
                var item = JSON11Output()
                item["Cursor"] = String(event.sequence)
                item["Id"] = event.uuid
                item["Source"] = event.source
                item["DetailType"] = event.detailType
                item.set("IngestionTime", seconds: event.createdAt)
                item["Event"] = event.body
                return item
            })
            // Where the next call starts: after the last event returned, or where this one did.
            out["Cursor"] = String(found.last?.sequence ?? cursor)
            return out
        }
    }
}
