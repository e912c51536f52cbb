import ControlPlane
import GranaryCore

/// What the EventBridge API needs from a worker thread's context: the control plane's, and the
/// EventBridge stores on the thread's connection.
public protocol EventBridgeContext: ControlPlaneContext {
    var eventBus: EventBusStores { get }
}

/// One EventBridge call's view of the world: the services acting for the caller (the one
/// Authorizer, transactions, the sealer) and the EventBridge stores.
struct EventsCall {
    let call: JSON11Call
    let stores: EventBusStores

    var services: ServiceContext { call.services }
    var input: JSON11Input { call.input }
    var region: String { call.region }
    /// The caller's account: every connection, destination, archive and replay is one of its own.
    var account: String { call.principal.accountId }

    init(_ call: JSON11Call, _ context: some EventBridgeContext) {
        self.call = call
        self.stores = context.eventBus
    }
}
