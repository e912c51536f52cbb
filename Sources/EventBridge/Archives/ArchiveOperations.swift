import ControlPlane
import GranaryCore

/// Create/Describe/List/Update/DeleteArchive with botocore's shapes. EventPattern is validated
/// by the real matcher; the dispatcher fills the archive and counts what it holds.
enum ArchiveOperations {
    static let states = ["ENABLED", "DISABLED", "CREATING", "UPDATING", "CREATE_FAILED", "UPDATE_FAILED"]

    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("CreateArchive") { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let name = try EventsValidation.name(input.string("ArchiveName"), "ArchiveName", max: 48)
            let sourceArn = try EventsValidation.required(input.string("EventSourceArn"), "EventSourceArn")
            let source = try EventBusReference.own(sourceArn, member: "EventSourceArn", in: events)
            if input.has("KmsKeyIdentifier") { throw EventsError.unsupported("KmsKeyIdentifier", "archives are kept in Granary's database.") }
            let created = try ArchiveService(call: events).create(
                EventArchive(
                    accountId: events.account, name: name, busName: source.name,
                    description: try EventsValidation.text(input.string("Description"), "Description"), eventPattern: try pattern(input),
                    retentionDays: try retention(input) ?? 0),
                source: source)
            return summary(created, events)
        }
        service.add("UpdateArchive") { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let name = try EventsValidation.name(input.string("ArchiveName"), "ArchiveName", max: 48)
            if input.has("KmsKeyIdentifier") { throw EventsError.unsupported("KmsKeyIdentifier", "archives are kept in Granary's database.") }
            let updated = try ArchiveService(call: events).update(
                name, description: EventsValidation.text(input.string("Description"), "Description"), pattern: pattern(input),
                retentionDays: retention(input))
            return summary(updated, events)
        }
        service.add("DeleteArchive") { call, context in
            let events = EventsCall(call, context)
            try ArchiveService(call: events).delete(EventsValidation.name(events.input.string("ArchiveName"), "ArchiveName", max: 48))
            return JSON11Output()
        }
        service.add("DescribeArchive", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("ArchiveName"), "ArchiveName", max: 48)
            let archive = try ArchiveService(call: events).existing(name, for: .describeArchive)
            var out = wire(archive, events)
            out["ArchiveArn"] = archive.arn(region: events.region)
            out["Description"] = archive.description
            out["EventPattern"] = archive.eventPattern
            return out
        }
        service.add("ListArchives", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let source = try input.string("EventSourceArn").map { try EventBusReference.own($0, member: "EventSourceArn", in: events) }
            let (found, next) = try ArchiveService(call: events).list(
                prefix: EventsValidation.optionalName(input.string("NamePrefix"), "NamePrefix", max: 48), source: source,
                state: EventsValidation.oneOf(input.string("State"), "State", states), token: EventsValidation.nextToken(input),
                limit: EventsValidation.limit(input))
            return .page("Archives", found.map { wire($0, events) }, next: next)
        }
    }

    private static func pattern(_ input: JSON11Input) throws -> String? {
        guard let text = try input.string("EventPattern") else { return nil }
        _ = try PatternText.parse(text)
        return text
    }

    private static func retention(_ input: JSON11Input) throws -> Int? {
        try EventsValidation.range(input.int("RetentionDays"), "RetentionDays", 0...Int(Int32.max))
    }

    /// What Create/UpdateArchive answer.
    static func summary(_ archive: EventArchive, _ call: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["ArchiveArn"] = archive.arn(region: call.region)
        out["State"] = archive.state
        out.set("CreationTime", seconds: archive.createdAt)
        return out
    }

    /// An archive as ListArchives shows it (DescribeArchive adds its description and pattern).
    static func wire(_ archive: EventArchive, _ call: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["ArchiveName"] = archive.name
        out["EventSourceArn"] = archive.eventSourceArn(region: call.region)
        out["State"] = archive.state
        out.set("RetentionDays", archive.retentionDays)
        out.set("SizeBytes", archive.sizeBytes)
        out.set("EventCount", archive.eventCount)
        out.set("CreationTime", seconds: archive.createdAt)
        return out
    }
}
