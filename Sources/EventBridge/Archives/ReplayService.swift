import ControlPlane
import GranaryCore

/// Replays of the caller's archives: `events:<Action>` on `replay/NAME`. StartReplay stores the
/// request STARTING; the dispatcher runs it and moves its state, which is all DescribeReplay
/// shows of its progress.
struct ReplayService {
    let call: EventsCall

    private var store: EventArchiveStore { call.stores.archives }

    func existing(_ name: String, for action: EventsAction) throws -> EventReplay {
        try call.replays.existing(name, for: action)
    }

    /// The archive an EventSourceArn names: one of the caller's.
    func archive(_ arn: String) throws -> EventArchive {
        let archives = call.archives
        let name = try archives.path(of: arn, type: "archive", parts: 1, member: "EventSourceArn")[0]
        guard let archive = try archives.find(name) else { throw archives.notFound(name) }
        return archive
    }

    /// `make` builds the replay from the archive (looked up once the caller is authorized).
    func start(_ name: String, archiveArn: String, make: (EventArchive) throws -> EventReplay) throws -> EventReplay {
        _ = try call.replays.resolve(name, for: .startReplay)
        let replay = try make(try archive(archiveArn))
        do {
            try store.insertReplay(replay)
        } catch is DuplicateKey {
            throw ServiceError.conflict("Replay \(name) already exists.", id: name, type: "replay")
        }
        return try existing(name, for: .startReplay)
    }

    /// A replay that has not ended becomes CANCELLING (the dispatcher stops it).
    func cancel(_ name: String) throws -> EventReplay {
        _ = try existing(name, for: .cancelReplay)
        return try call.services.transactions.atomically {
            guard var replay = try store.lockReplay(accountId: call.account, name: name) else { throw call.replays.notFound(name) }
            guard replay.state.isCancellable else {
                throw EventsError.illegalStatus("Replay \(name) is \(replay.state.rawValue): only a replay that has not ended can be cancelled.")
            }
            replay.state = .cancelling
            replay.stateReason = "Cancelled by the user."
            try store.setReplayState(id: replay.id, state: replay.state, reason: replay.stateReason)
            return replay
        }
    }

    func list(prefix: String?, state: EventReplay.State?, archive: String?, token: String?, limit: Int) throws -> ([EventReplay], String?) {
        try call.services.authorize(.listReplays, arn: "*", owner: call.account)
        let scope = "\(call.account)\n\(prefix ?? "")\n\(state?.rawValue ?? "")\n\(archive ?? "")"
        let after = try call.call.cursor(scope: scope, token: token)
        let archiveName = try archive.map { try self.archive($0).name }
        let found = try store.replays(
            accountId: call.account, namePrefix: prefix, state: state, archiveName: archiveName, after: after, limit: limit + 1)
        return call.call.page(found, limit: limit, scope: scope, cursor: \.name)
    }
}
