#if canImport(Glibc)
import Glibc
#endif
import Compression
import GranaryCore
import FoundationEssentials
import GranaryCrypto
import Synchronization

/// Rendered listings as content-addressed files under `root/pages/ab/<sha256>`, served by nginx
/// from its internal location `internalPrefix`. Which key maps to which file is remembered per
/// process (bounded); a key is rendered at most once per process, and identical pages share one
/// file. Files are a cache: a file in use is touched at least hourly, `sweep` removes the ones
/// unused for longer, and a remembered file that is gone is rendered again. Each page has a gzip
/// twin (`<sha256>.gz`, compressed once here) that nginx sends to clients accepting gzip — pip
/// and npm always do, and a listing shrinks to about a tenth.
public final class DiskRenderedPages: RenderedPages {
    let directory: String
    let internalPrefix: String
    let capacity: Int
    static let touchInterval = 3600.0
    private let known = Mutex<[String: (page: RenderedPage, touched: Double)]>([:])

    public init(blobRoot: String, internalPrefix: String = "/_pages/", capacity: Int = 20_000) throws {
        directory = blobRoot + "/pages"
        self.internalPrefix = internalPrefix
        self.capacity = capacity
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw BlobStoreError.io("mkdir \(directory): \(DiskBlobStore.lastError)") }
    }

    public func page(key: String, render: () throws -> [UInt8]) throws -> RenderedPage {
        let now = Double(time(nil))
        if let (page, touched) = known.withLock({ $0[key] }), stillThere(page, touched: touched, now: now, key: key) { return page }
        let bytes = try render()
        let sha256 = Hex.encode(Digest.hash(.sha256, bytes))
        let relative = "\(sha256.prefix(2))/\(sha256)"
        // The twin first: a page file never exists without the twin it announces.
        let gzipped = try Gzip.compress(bytes)
        let gzipSize = gzipped.count < bytes.count ? gzipped.count : nil
        if gzipSize != nil { try write(gzipped, to: relative + ".gz") }
        try write(bytes, to: relative)
        let page = RenderedPage(internalPath: internalPrefix + relative, sha256: sha256, size: bytes.count, gzipSize: gzipSize)
        known.withLock { pages in
            // Bounded: stamps only grow, so old keys are dead weight; start over when full.
            if pages.count >= capacity { pages.removeAll(keepingCapacity: true) }
            pages[key] = (page, now)
        }
        return page
    }

    /// The remembered file and its twin exist, and are touched when their last touch is an hour
    /// old, so the sweep sees them in use.
    private func stillThere(_ page: RenderedPage, touched: Double, now: Double, key: String) -> Bool {
        let path = directory + "/" + page.internalPath.dropFirst(internalPrefix.count)
        let paths = page.gzipSize == nil ? [path] : [path, path + ".gz"]
        guard paths.allSatisfy({ access($0, F_OK) == 0 }) else { return false }
        if now - touched >= Self.touchInterval, paths.allSatisfy({ utimensat(AT_FDCWD, $0, nil, 0) == 0 }) {
            known.withLock { $0[key]?.touched = now }
        }
        return true
    }

    /// Removes page files unused (untouched) for `unusedSeconds`, and temporary files as old.
    public static func sweep(blobRoot: String, unusedSeconds: Double) -> Int {
        let directory = blobRoot + "/pages"
        let cutoff = Double(time(nil)) - unusedSeconds
        var removed = 0
        func old(_ path: String) -> Bool { isOlder(path, than: cutoff) }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = directory + "/" + entry
            if entry.hasSuffix(".part") {
                if old(path), unlink(path) == 0 { removed += 1 }
                continue
            }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where old(path + "/" + name) {
                if unlink(path + "/" + name) == 0 { removed += 1 }
            }
        }
        return removed
    }

    /// Temp file, then rename: a reader never sees a partial page. No fsync: a lost page is re-rendered.
    private func write(_ bytes: [UInt8], to relative: String) throws {
        let target = directory + "/" + relative
        if access(target, F_OK) == 0 {
            utimensat(AT_FDCWD, target, nil, 0)
            return
        }
        let parent = directory + "/" + relative.prefix(2)
        guard mkdir(parent, 0o700) == 0 || errno == EEXIST else { throw BlobStoreError.io("mkdir \(parent): \(DiskBlobStore.lastError)") }
        let temporary = directory + "/." + Hex.encode(SecureRandom.bytes(12)) + ".part"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobStoreError.io("create \(temporary): \(DiskBlobStore.lastError)") }
        let ok = bytes.withUnsafeBytes { writeFully(fd, $0) }
        close(fd)
        guard ok, rename(temporary, target) == 0 else {
            unlink(temporary)
            throw BlobStoreError.io("write \(target): \(DiskBlobStore.lastError)")
        }
    }
}
