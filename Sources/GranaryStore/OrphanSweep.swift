#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import GranaryCore

/// Removes what an interrupted write left behind: temporary files, and blob files that no row
/// names (a crash between the rename and the commit); and rendered pages nobody used for a while. Only files older than `graceSeconds` are
/// touched, so a write in progress is never swept.
public struct OrphanSweep {
    public struct Result: Codable, Sendable {
        public var temporaryRemoved = 0
        public var orphansRemoved = 0
        public var blobsKept = 0
        public var pagesRemoved = 0
    }

    let store: DiskBlobStore
    let catalog: BlobCatalog
    let graceSeconds: Double
    /// Rendered pages unused this long are removed (they are rendered again when asked for).
    let pageAgeSeconds: Double

    public init(store: DiskBlobStore, catalog: BlobCatalog, graceSeconds: Double, pageAgeSeconds: Double = 2 * 86_400) {
        self.store = store
        self.catalog = catalog
        self.graceSeconds = graceSeconds
        self.pageAgeSeconds = pageAgeSeconds
    }

    public func run() throws -> Result {
        var result = Result()
        let cutoff = Date().timeIntervalSince1970 - graceSeconds
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: store.root + "/tmp")) ?? [] {
            let path = store.root + "/tmp/" + name
            if isOlder(path, than: cutoff), unlink(path) == 0 { result.temporaryRemoved += 1 }
        }
        var candidates: [String] = []
        let base = store.root + "/sha256"
        for first in (try? files.contentsOfDirectory(atPath: base)) ?? [] {
            for second in (try? files.contentsOfDirectory(atPath: base + "/" + first)) ?? [] {
                for name in (try? files.contentsOfDirectory(atPath: base + "/" + first + "/" + second)) ?? [] {
                    if BlobRecord.isAddress(name), isOlder(store.path(of: name), than: cutoff) { candidates.append(name) }
                }
            }
        }
        let known = try catalog.known(candidates)
        for name in candidates {
            if known.contains(name) {
                result.blobsKept += 1
            } else if unlink(store.path(of: name)) == 0 {
                result.orphansRemoved += 1
            }
        }
        result.pagesRemoved = DiskRenderedPages.sweep(blobRoot: store.root, unusedSeconds: max(pageAgeSeconds, graceSeconds))
        return result
    }

}

/// Whether the file at `path` was last modified before `cutoff` (epoch seconds); false when it
/// cannot be read. What every sweep asks of a candidate.
func isOlder(_ path: String, than cutoff: Double) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && Double(info.st_mtim.tv_sec) < cutoff
}
