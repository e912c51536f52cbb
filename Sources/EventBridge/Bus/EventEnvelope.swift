import FoundationEssentials
import FormatKit
import GranaryCore

/// An event as EventBridge shapes it for targets (and as `bus_events.body` keeps it):
/// `{"version":"0","id","detail-type","source","account","time","region","resources","detail"}`,
/// the detail's members in the order they were sent.
enum EventEnvelope {
    static func json(
        id: String, detailType: String, source: String, account: String, time: Double, region: String, resources: [String],
        detail: OrderedJSON
    ) -> String {
        let envelope = OrderedJSONObject([
            ("version", .string("0")), ("id", .string(id)), ("detail-type", .string(detailType)), ("source", .string(source)),
            ("account", .string(account)), ("time", .string(Timestamps.iso8601Seconds(Date(timeIntervalSince1970: time)))),
            ("region", .string(region)), ("resources", .array(resources.map(OrderedJSON.string))), ("detail", detail),
        ])
        return String(decoding: OrderedJSON.object(envelope).serialized(), as: UTF8.self)
    }
}
