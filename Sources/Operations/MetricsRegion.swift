#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A file of UInt64 counters mapped shared into every process that opens it. Each worker process
/// counts into the region of its instance; `/metrics` sums the regions of all instances, so any
/// worker behind nginx answers for the whole pool.
public final class MetricsRegion: Sendable {
    /// Shared memory accessed only through atomic operations, hence safe from any thread.
    nonisolated(unsafe) private let slots: UnsafeMutablePointer<Atomic<UInt64>>
    public let path: String
    let slotCount: Int

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A worker's region (`MetricsLayout`).
    public convenience init(path: String) throws {
        try self.init(path: path, slotCount: MetricsLayout.slotCount, magic: MetricsLayout.magic)
    }

    /// A region of `slotCount` counters whose first slot holds `magic` (its layout's version).
    init(path: String, slotCount: Int, magic: UInt64) throws {
        let size = slotCount * 8
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        fstat(fd, &info)
        if Int(info.st_size) != size {
            // A new file, or one from another layout: start it afresh.
            guard ftruncate(fd, 0) == 0, ftruncate(fd, off_t(size)) == 0 else {
                throw Failure(description: "size \(path): \(String(cString: strerror(errno)))")
            }
        }
        guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), memory != MAP_FAILED else {
            throw Failure(description: "mmap \(path): \(String(cString: strerror(errno)))")
        }
        slots = memory.bindMemory(to: Atomic<UInt64>.self, capacity: slotCount)
        self.path = path
        self.slotCount = slotCount
        if slots[0].load(ordering: .relaxed) != magic {
            for index in 1..<slotCount { slots[index].store(0, ordering: .relaxed) }
            slots[0].store(magic, ordering: .releasing)
        }
    }

    func add(_ slot: Int, _ amount: UInt64 = 1) {
        slots[slot].wrappingAdd(amount, ordering: .relaxed)
    }

    func subtract(_ slot: Int, _ amount: UInt64 = 1) {
        slots[slot].wrappingSubtract(amount, ordering: .relaxed)
    }

    func load(_ slot: Int) -> UInt64 { slots[slot].load(ordering: .relaxed) }

    /// For gauges only one process writes.
    func store(_ slot: Int, _ value: UInt64) { slots[slot].store(value, ordering: .relaxed) }

    /// Reads a region file without mapping it writable (for exposition).
    static func snapshot(path: String, slotCount: Int = MetricsLayout.slotCount, magic: UInt64 = MetricsLayout.magic) -> [UInt64]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var values = [UInt64](repeating: 0, count: slotCount)
        let wanted = values.count * 8
        let count = values.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
        guard count == wanted, values[0] == magic else { return nil }
        return values
    }
}
