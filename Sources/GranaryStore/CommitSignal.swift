#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One counter in a small file mapped shared into every Granary process of a state directory
/// (workers, `granary admin`, `granary migrate`, `granary sweep`). A process moves it after each
/// write it commits to MariaDB, before it answers; a reader that sees it unchanged knows that no
/// Granary process committed anything since it last looked, which is what lets a worker keep the
/// change counters it read (`MariaDBChangeCounters`) without asking the database on every request.
public final class CommitSignal: Sendable {
    /// Shared memory accessed only through atomic operations, hence safe from any thread and process.
    nonisolated(unsafe) private let word: UnsafeMutablePointer<Atomic<UInt64>>
    public let path: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String) throws {
        let size = 8
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(description: "stat \(path): \(String(cString: strerror(errno)))") }
        // Growing the file is safe while other processes map it; shrinking never happens.
        if Int(info.st_size) < size, ftruncate(fd, off_t(size)) != 0 {
            throw Failure(description: "size \(path): \(String(cString: strerror(errno)))")
        }
        guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), memory != MAP_FAILED else {
            throw Failure(description: "mmap \(path): \(String(cString: strerror(errno)))")
        }
        word = memory.bindMemory(to: Atomic<UInt64>.self, capacity: 1)
        self.path = path
    }

    /// After a commit: every reader's next look sees a new value.
    public func bump() {
        word.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
    }

    public var value: UInt64 { word.pointee.load(ordering: .sequentiallyConsistent) }
}
