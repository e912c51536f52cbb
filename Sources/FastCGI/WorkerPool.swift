import CFastCGI
import HTTP
import Synchronization

/// Runs FastCGI once per process, before any pool starts.
public enum FastCGILibrary {
    public static func initialize() {
        precondition(FCGX_Init() == 0, "FCGX_Init failed")
    }
}

/// N threads accepting on one listening socket. Debian's libfcgi has no accept lock: every thread
/// calls FCGX_Accept_r on the same fd and the kernel hands each connection to one of them.
public final class WorkerPool<App: FastCGIApplication>: Sendable {
    public let name: String
    public let socket: ListeningSocket
    public let threadCount: Int
    private let app: App
    private let alive = Atomic<Int>(0)

    public init(name: String, socket: ListeningSocket, threads: Int, app: App) {
        self.name = name
        self.socket = socket
        self.threadCount = threads
        self.app = app
    }

    public func start() {
        for _ in 0..<threadCount {
            alive.add(1, ordering: .sequentiallyConsistent)
            spawnThread { [self] in
                run()
                alive.subtract(1, ordering: .sequentiallyConsistent)
            }
        }
    }

    public var aliveThreads: Int { alive.load(ordering: .sequentiallyConsistent) }

    private func run() {
        let context = app.makeContext(pool: name)
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { request.deallocate() }
        guard FCGX_InitRequest(request, socket.fd, 0) == 0 else { return }
        while FCGX_Accept_r(request) >= 0 {
            let exchange = FastCGIExchange(request)
            exchange.finish(bodyless: serve(exchange, context: context))
        }
        FCGX_Free(request, 0)
    }

    /// Answers one request; returns whether it came without a body (nothing but STDIN's end to read).
    private func serve(_ exchange: FastCGIExchange, context: App.Context) -> Bool {
        let parameters = exchange.parameters()
        let method = parameters["REQUEST_METHOD"]
        let headOnly = method == "HEAD"
        do {
            var request = try RequestDecoding.decode(parameters) { exchange.makeBody(declaredLength: $0) }
            let length = request.body.declaredLength
            exchange.send(app.respond(to: &request, context: context), headOnly: headOnly)
            return length == 0 || (length == nil && (method == "GET" || headOnly))
        } catch {
            exchange.send(app.malformed(error, context: context), headOnly: headOnly)
            return false
        }
    }

    /// Graceful stop, step 1: no new connections reach this pool (the path is unlinked unless a
    /// newer process already owns it); connections already queued are still served.
    public func detach() {
        socket.detachPath()
    }

    /// Step 2: serve what is queued until the backlog stays empty, then wake and end every idle
    /// thread. Busy threads finish their request first. Returns when all threads ended or at the deadline.
    @discardableResult
    public func drainAndStop(deadline: Double) -> Bool {
        var quietSince = monotonicSeconds()
        while monotonicSeconds() < deadline {
            if socket.hasPendingConnection { quietSince = monotonicSeconds() }
            if monotonicSeconds() - quietSince > 0.2 { break }
            sleepSeconds(0.01)
        }
        FCGX_ShutdownPending()
        socket.shutdownListening()
        while aliveThreads > 0 && monotonicSeconds() < deadline { sleepSeconds(0.01) }
        return aliveThreads == 0
    }
}
