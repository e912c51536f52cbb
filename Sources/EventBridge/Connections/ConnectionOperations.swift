import ControlPlane
import GranaryCore

/// Create/Describe/List/Update/DeleteConnection with botocore's shapes. Answers never carry a
/// password, an API key value or a parameter marked secret.
enum ConnectionOperations {
    /// Granary's connections need no authorization round trip: they are AUTHORIZED when stored.
    static let state = "AUTHORIZED"
    static let states = ["CREATING", "UPDATING", "DELETING", "AUTHORIZED", "DEAUTHORIZED", "AUTHORIZING", "DEAUTHORIZING", "ACTIVE",
        "FAILED_CONNECTIVITY"]

    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        // CreateConnection needs the authorization in full; UpdateConnection changes what it names.
        for (operation, creating) in [("CreateConnection", true), ("UpdateConnection", false)] {
            service.add(operation) { call, context in
                let events = EventsCall(call, context)
                let name = try EventsValidation.name(events.input.string("Name"), "Name")
                let description = try EventsValidation.text(events.input.string("Description"), "Description")
                let auth = try ConnectionAuthInput.read(events.input, complete: creating)
                let connections = ConnectionService(call: events)
                return summary(
                    creating
                        ? try connections.create(name: name, description: description, auth: auth)
                        : try connections.update(name: name, description: description, auth: auth), events)
            }
        }
        service.add("DeleteConnection") { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("Name"), "Name")
            var out = summary(try ConnectionService(call: events).delete(name), events)
            out["ConnectionState"] = "DELETING"
            return out
        }
        service.add("DescribeConnection", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("Name"), "Name")
            return describe(try ConnectionService(call: events).existing(name, for: .describeConnection).connection, events)
        }
        service.add("ListConnections", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let (found, next) = try ConnectionService(call: events).list(
                prefix: EventsValidation.optionalName(input.string("NamePrefix"), "NamePrefix"),
                state: EventsValidation.oneOf(input.string("ConnectionState"), "ConnectionState", states),
                token: EventsValidation.nextToken(input), limit: EventsValidation.limit(input))
            return .page("Connections", found.map { connection in
                var item = summary(connection, events)
                item["Name"] = connection.name
                item["AuthorizationType"] = connection.authorization.rawValue
                return item
            }, next: next)
        }
    }

    /// What Create/Update/DeleteConnection answer.
    static func summary(_ connection: EventConnection, _ call: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["ConnectionArn"] = connection.arn(region: call.region)
        out["ConnectionState"] = state
        out.set("CreationTime", seconds: connection.createdAt)
        out.set("LastModifiedTime", seconds: connection.modifiedAt)
        out.set("LastAuthorizedTime", seconds: connection.authorizedAt)
        return out
    }

    static func describe(_ connection: EventConnection, _ call: EventsCall) -> JSON11Output {
        var out = summary(connection, call)
        out["Name"] = connection.name
        out["Description"] = connection.description
        out["AuthorizationType"] = connection.authorization.rawValue
        var auth = JSON11Output()
        var parameters = JSON11Output()
        switch connection.authorization {
        case .basic:
            parameters["Username"] = connection.authorizationName
            auth.set("BasicAuthParameters", parameters)
        case .apiKey:
            parameters["ApiKeyName"] = connection.authorizationName
            auth.set("ApiKeyAuthParameters", parameters)
        }
        if let http = connection.httpParameters {
            let list = { (items: [ConnectionHttpParameters.Parameter]) in
                items.map { item -> JSON11Output in
                    var entry = JSON11Output()
                    entry["Key"] = item.key
                    entry["Value"] = item.isValueSecret ? nil : item.value
                    entry.set("IsValueSecret", item.isValueSecret)
                    return entry
                }
            }
            var invocation = JSON11Output()
            invocation.set("HeaderParameters", list(http.headerParameters))
            invocation.set("QueryStringParameters", list(http.queryStringParameters))
            invocation.set("BodyParameters", list(http.bodyParameters))
            auth.set("InvocationHttpParameters", invocation)
        }
        out.set("AuthParameters", auth)
        return out
    }
}
