import ControlPlane
import GranaryCore

/// GetApiDestinationSigningSecret and RotateApiDestinationSigningSecret (GranaryEvents): the
/// secret a destination's deliveries are signed with, shown only here.
enum SigningSecretOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("GetApiDestinationSigningSecret", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("Name"), "Name")
            let destination = try events.apiDestinations.existing(name, for: .getApiDestinationSigningSecret)
            guard let sealed = try events.stores.connections.signingSecret(destinationId: destination.id) else {
                throw ServiceError.notFound(
                    "ApiDestination \(name) has no signing secret: rotate it to make one.", id: name, type: "apidestination")
            }
            return wire(destination, try DestinationSigningSecret.opened(sealed, for: destination, in: events.services), events)
        }
        service.add("RotateApiDestinationSigningSecret") { call, context in
            let events = EventsCall(call, context)
            let name = try EventsValidation.name(events.input.string("Name"), "Name")
            let destination = try events.apiDestinations.existing(name, for: .rotateApiDestinationSigningSecret)
            let secret = DestinationSigningSecret.generate()
            try events.stores.connections.setSigningSecret(destinationId: destination.id, sealed: try secret.sealed(for: destination, in: events.services))
            return wire(destination, secret, events)
        }
    }

    static func wire(_ destination: ApiDestination, _ secret: DestinationSigningSecret, _ events: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["ApiDestinationArn"] = destination.arn(region: events.region)
        out["SigningSecret"] = secret.text
        out["SignatureHeader"] = "X-Granary-Signature"
        return out
    }
}
