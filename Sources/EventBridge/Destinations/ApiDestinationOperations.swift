import ControlPlane
import GranaryCore

/// Create/Describe/List/Update/DeleteApiDestination with botocore's shapes.
enum ApiDestinationOperations {
    static let state = "ACTIVE"

    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("CreateApiDestination") { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let name = try EventsValidation.name(input.string("Name"), "Name")
            let description = try EventsValidation.text(input.string("Description"), "Description")
            let endpoint = try InvocationEndpoint.validate(EventsValidation.required(input.string("InvocationEndpoint"), "InvocationEndpoint"))
            let method = try EventsValidation.oneOf(
                EventsValidation.required(input.string("HttpMethod"), "HttpMethod"), "HttpMethod", ApiDestination.methods)!
            let rate = try rateLimit(input) ?? ApiDestination.defaultRateLimitPerSecond
            let connectionArn = try EventsValidation.required(input.string("ConnectionArn"), "ConnectionArn")
            let created = try ApiDestinationService(call: events).create(name: name, connectionArn: connectionArn) { uuid, connection in
                ApiDestination(
                    accountId: events.account, name: name, uuid: uuid, description: description, connectionId: connection.id,
                    connectionName: connection.name, connectionUUID: connection.uuid, invocationEndpoint: endpoint, httpMethod: method,
                    rateLimitPerSecond: rate)
            }
            return summary(created, events)
        }
        service.add("UpdateApiDestination") { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let name = try EventsValidation.name(input.string("Name"), "Name")
            let description = try EventsValidation.text(input.string("Description"), "Description")
            let endpoint = try input.string("InvocationEndpoint").map { try InvocationEndpoint.validate($0) }
            let method = try EventsValidation.oneOf(input.string("HttpMethod"), "HttpMethod", ApiDestination.methods)
            let rate = try rateLimit(input)
            let connectionArn = try input.string("ConnectionArn")
            let service = ApiDestinationService(call: events)
            let updated = try service.update(name) { destination in
                if let connectionArn {
                    let connection = try service.connection(connectionArn)
                    (destination.connectionId, destination.connectionName, destination.connectionUUID) = (connection.id, connection.name, connection.uuid)
                }
                destination.description = description ?? destination.description
                destination.invocationEndpoint = endpoint ?? destination.invocationEndpoint
                destination.httpMethod = method ?? destination.httpMethod
                destination.rateLimitPerSecond = rate ?? destination.rateLimitPerSecond
            }
            return summary(updated, events)
        }
        service.add("DeleteApiDestination") { call, context in
            let events = EventsCall(call, context)
            try ApiDestinationService(call: events).delete(EventsValidation.name(events.input.string("Name"), "Name"))
            return JSON11Output()
        }
        service.add("DescribeApiDestination", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("Name"), "Name")
            return wire(try ApiDestinationService(call: events).existing(name, for: .describeApiDestination), events)
        }
        service.add("ListApiDestinations", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let (found, next) = try ApiDestinationService(call: events).list(
                prefix: EventsValidation.optionalName(input.string("NamePrefix"), "NamePrefix"), connectionArn: input.string("ConnectionArn"),
                token: EventsValidation.nextToken(input), limit: EventsValidation.limit(input))
            return .page("ApiDestinations", found.map { wire($0, events, listed: true) }, next: next)
        }
    }

    private static func rateLimit(_ input: JSON11Input) throws -> Int? {
        try EventsValidation.range(input.int("InvocationRateLimitPerSecond"), "InvocationRateLimitPerSecond", 1...Int(Int32.max))
    }

    /// What Create/UpdateApiDestination answer.
    static func summary(_ destination: ApiDestination, _ call: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["ApiDestinationArn"] = destination.arn(region: call.region)
        out["ApiDestinationState"] = state
        out.set("CreationTime", seconds: destination.createdAt)
        out.set("LastModifiedTime", seconds: destination.modifiedAt)
        return out
    }

    static func wire(_ destination: ApiDestination, _ call: EventsCall, listed: Bool = false) -> JSON11Output {
        var out = summary(destination, call)
        out["Name"] = destination.name
        if !listed { out["Description"] = destination.description }
        out["ConnectionArn"] = destination.connectionArn(region: call.region)
        out["InvocationEndpoint"] = destination.invocationEndpoint
        out["HttpMethod"] = destination.httpMethod
        out.set("InvocationRateLimitPerSecond", destination.rateLimitPerSecond)
        return out
    }
}
