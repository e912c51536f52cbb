import ControlPlane
import GranaryCore

/// Replays of the caller's archives: `events:<Action>` on `replay/NAME`. StartReplay stores the
/// request STARTING; the dispatcher runs it and moves its state, which is all DescribeReplay
/// shows of its progress.
struct ReplayService {
    let call: EventsCall

    private var store: EventArchiveStore { call.stores.archives }

    static func notFound(_ name: String) -> ServiceError {
        ServiceError.notFound("Replay \(name) does not exist.", id: name, type: "replay")
    }

    func resolve(_ name: String, for action: EventsAction) throws -> EventReplay? {
        try call.services.authorizeResolved(
            action, owner: call.account, find: { try store.replay(accountId: call.account, name: name) },
            arn: { EventsARN.replay(region: call.region, account: call.account, name: $0?.name ?? name) })
    }

    func existing(_ name: String, for action: EventsAction) throws -> EventReplay {
        guard let found = try resolve(name, for: action) else { throw Self.notFound(name) }
        return found
    }

    /// The archive an EventSourceArn names: one of the caller's.
    func archive(_ arn: String) throws -> EventArchive {
        try EventsValidation.length(arn, "EventSourceArn", 1...1600)
        guard let parsed = EventsARN.parse(arn), parsed.resourceType == "archive", parsed.path.count == 1 else {
            throw ServiceError.validation("Parameter EventSourceArn is not valid. Reason: \(arn) is not an archive ARN.")
        }
        guard parsed.account == call.account, parsed.region == call.region else {
            throw ServiceError.validation(
                "Parameter EventSourceArn is not valid. Reason: the archive must be one of account \(call.account) in \(call.region).")
        }
        guard let archive = try store.archive(accountId: call.account, name: parsed.path[0]) else {
            throw ArchiveService.notFound(parsed.path[0])
        }
        return archive
    }

    /// `make` builds the replay from the archive (looked up once the caller is authorized).
    func start(_ name: String, archiveArn: String, make: (EventArchive) throws -> EventReplay) throws -> EventReplay {
        _ = try resolve(name, for: .startReplay)
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
            guard var replay = try store.lockReplay(accountId: call.account, name: name) else { throw Self.notFound(name) }
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
