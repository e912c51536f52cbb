#if canImport(Glibc)
import Glibc
#endif

public struct SocketError: Error, CustomStringConvertible {
    public let description: String
    init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
}

/// A listening unix socket at a path, bound so that a restart never leaves the path missing:
/// the socket is bound at a temporary name and renamed over the path, and on stop the old
/// process unlinks the path only while it still names its own socket (its inode).
/// Whoever can connect can speak FastCGI and set REMOTE_ADDR or HTTPS to anything, so the socket
/// is born with `mode` (default 0600: nginx's workers run as the Granary user): it is bound under
/// a umask that leaves no other bits, never widened afterwards.
public final class ListeningSocket: Sendable {
    public let path: String
    public let fd: Int32
    private let inode: UInt64
    private let device: UInt64

    public init(path: String, backlog: Int32 = 1024, mode: mode_t = 0o600) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let temporary = "\(path).\(getpid()).new"
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard temporary.utf8.count < capacity else { throw SocketError("socket path too long (\(temporary))") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: temporary.utf8)
            buffer[temporary.utf8.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        unlink(temporary)
        // The process umask is shared with other threads; a stricter one for the length of a bind
        // only ever makes their files more private.
        let previous = umask(~mode & 0o777)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(previous)
        guard bound == 0 else { close(fd); throw SocketError("bind \(temporary)") }
        guard listen(fd, backlog) == 0 else { close(fd); unlink(temporary); throw SocketError("listen") }
        guard chmod(temporary, mode) == 0 else { close(fd); unlink(temporary); throw SocketError("chmod \(temporary)") }
        var info = stat()
        guard stat(temporary, &info) == 0 else { close(fd); throw SocketError("stat \(temporary)") }
        guard rename(temporary, path) == 0 else { close(fd); unlink(temporary); throw SocketError("rename to \(path)") }
        self.path = path
        self.fd = fd
        self.inode = UInt64(info.st_ino)
        self.device = UInt64(info.st_dev)
    }

    /// True while the path still names this socket (no newer process has replaced it).
    public var ownsPath: Bool {
        var info = stat()
        return stat(path, &info) == 0 && UInt64(info.st_ino) == inode && UInt64(info.st_dev) == device
    }

    /// Stops new connections from reaching this socket: unlinks the path if it is still ours.
    public func detachPath() {
        if ownsPath { unlink(path) }
    }

    /// Whether a connection is waiting in the backlog.
    public var hasPendingConnection: Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && (entry.revents & Int16(POLLIN)) != 0
    }

    /// Wakes every thread blocked in accept(); they then see the shutdown flag and return.
    public func shutdownListening() {
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    deinit { close(fd) }
}
