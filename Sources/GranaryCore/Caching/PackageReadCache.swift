/// Per worker thread: the package, version and asset rows that downloads look up (and the few
/// point reads around them), kept while neither change counter moves. Every change to packages,
/// versions, assets and their format data moves the listings counter in the changing transaction
/// (sql/0006, sql/0011); repositories, policies and tokens move the access counter. So a download
/// that read both counters first finds here exactly what the database holds at that moment — a
/// first download of a file with a new token needs no query either.
///
/// A request that writes through `CachedPackageStore` stops using the cache until the next request
/// begins: what it reads after its own write (maybe inside a transaction that is later rolled back)
/// is never remembered, and nothing remembered hides its write from itself.
public final class PackageReadCache {
    private var counters = (access: Int64(-1), listings: Int64(-1))
    private(set) var suspended = false
    var packages: [String: Package?] = [:]
    var chainPackages: [String: [Package]] = [:]
    var versions: [String: PackageVersion?] = [:]
    var assets: [String: Asset?] = [:]
    var assetFormatData: [String: String?] = [:]
    /// Entries per map before it starts over.
    static let capacity = 10_000
    /// A version whose readme is longer is read from the database each time (memory stays bounded).
    static let largestRememberedReadme = 16 * 1024

    public init() {}

    /// Called once per request with the counters it read first.
    public func beginRequest(access: Int64, listings: Int64) {
        suspended = false
        guard access != counters.access || listings != counters.listings else { return }
        clear()
        counters = (access, listings)
    }

    /// A write: forget everything and read from the database until the next request.
    func suspend() {
        clear()
        counters = (-1, -1)
        suspended = true
    }

    private func clear() {
        packages.removeAll(keepingCapacity: true)
        chainPackages.removeAll(keepingCapacity: true)
        versions.removeAll(keepingCapacity: true)
        assets.removeAll(keepingCapacity: true)
        assetFormatData.removeAll(keepingCapacity: true)
    }

    func remembered<Value>(
        _ map: ReferenceWritableKeyPath<PackageReadCache, [String: Value]>, _ key: String, keep: (Value) -> Bool = { _ in true },
        _ load: () throws -> Value
    ) rethrows -> Value {
        guard !suspended else { return try load() }
        if let value = self[keyPath: map][key] { return value }
        let value = try load()
        guard keep(value) else { return value }
        if self[keyPath: map].count >= Self.capacity { self[keyPath: map].removeAll(keepingCapacity: true) }
        self[keyPath: map][key] = value
        return value
    }
}
