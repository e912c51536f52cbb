import ControlPlane
import GranaryCore

/// Archives of the caller's account: `events:<Action>` on `archive/NAME` (the stored name).
/// An archive's source is an event bus of the account.
struct ArchiveService {
    let call: EventsCall

    private var store: EventArchiveStore { call.stores.archives }

    func existing(_ name: String, for action: EventsAction) throws -> EventArchive {
        try call.archives.existing(name, for: action)
    }

    func create(_ archive: EventArchive, source: EventBusReference) throws -> EventArchive {
        _ = try call.archives.resolve(archive.name, for: .createArchive)
        _ = try source.existing()
        do {
            try store.insertArchive(archive)
        } catch is DuplicateKey {
            throw ServiceError.conflict("Archive \(archive.name) already exists.", id: archive.name, type: "archive")
        }
        return try existing(archive.name, for: .createArchive)
    }

    func update(_ name: String, description: String?, pattern: String?, retentionDays: Int?) throws -> EventArchive {
        var archive = try existing(name, for: .updateArchive)
        archive.description = description ?? archive.description
        archive.eventPattern = pattern ?? archive.eventPattern
        archive.retentionDays = retentionDays ?? archive.retentionDays
        try store.updateArchive(archive)
        return try existing(name, for: .updateArchive)
    }

    func delete(_ name: String) throws {
        try store.deleteArchive(id: try existing(name, for: .deleteArchive).id)
    }

    func list(prefix: String?, source: EventBusReference?, state: String?, token: String?, limit: Int) throws -> ([EventArchive], String?) {
        try call.services.authorize(.listArchives, arn: "*", owner: call.account)
        let scope = "\(call.account)\n\(prefix ?? "")\n\(source?.name ?? "")\n\(state ?? "")"
        let after = try call.call.cursor(scope: scope, token: token)
        // Granary's archives are ENABLED from the start: a filter on another state lists none.
        guard state == nil || state == "ENABLED" else { return ([], nil) }
        let found = try store.archives(accountId: call.account, namePrefix: prefix, bus: source?.name, after: after, limit: limit + 1)
        return call.call.page(found, limit: limit, scope: scope, cursor: \.name)
    }
}
