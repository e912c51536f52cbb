import CFastCGI
#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// One accepted FastCGI request: its CGI parameters, its body stream in, its response out.
final class FastCGIExchange {
    private let request: UnsafeMutablePointer<FCGX_Request>

    init(_ request: UnsafeMutablePointer<FCGX_Request>) {
        self.request = request
    }

    /// The CGI parameters nginx sent (`NAME=value` C strings that libfcgi collected), in order.
    func parameters() -> CGIParameters {
        var entries: [(name: String, value: String)] = []
        entries.reserveCapacity(40)
        guard var cursor = request.pointee.envp else { return CGIParameters(entries) }
        while let entry = cursor.pointee {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                entries.append((
                    name: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<equals]), as: UTF8.self),
                    value: String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)...]), as: UTF8.self)))
            }
            cursor += 1
        }
        return CGIParameters(entries)
    }

    /// Ends the request and closes the connection. When nginx has sent the whole request (the end
    /// of STDIN was read), the connection is closed at once. Otherwise libfcgi's lingering close
    /// runs (shut down the write side, read until nginx closes, 2 s at most), so a response sent
    /// before a body was read (a refused upload) is not lost to a reset. `bodyless`: nginx sent
    /// no body, so reading the rest of STDIN only reads its (already sent) end.
    func finish(bodyless: Bool) {
        if bodyless, let stream = request.pointee.in {
            var scratch = [CChar](repeating: 0, count: 512)
            while FCGX_GetStr(&scratch, Int32(scratch.count), stream) > 0 {}
        }
        if let stream = request.pointee.in, FCGX_HasSeenEOF(stream) != 0, FCGX_GetError(stream) == 0 {
            _ = FCGX_Detach(request)  // detached: FCGX_Finish_r closes without the lingering wait
        }
        FCGX_Finish_r(request)
    }

    func makeBody(declaredLength: Int?) -> RequestBody {
        FastCGIBody(stream: request.pointee.in, declaredLength: declaredLength)
    }

    /// Writes status line, headers and (unless `headOnly`) the body.
    func send(_ response: Response, headOnly: Bool) {
        let writer = FastCGIWriter(stream: request.pointee.out)
        var headers = response.headers
        if case .bytes(let bytes) = response.body, headers["Content-Length"] == nil {
            headers.add("Content-Length", String(bytes.count))
        }
        var head = "Status: \(response.status.code) \(response.status.reason)\r\n"
        for field in headers where Self.isSafeHeader(field.name, field.value) {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "\r\n"
        do {
            try writer.write(Array(head.utf8))
            guard !headOnly else { return }
            switch response.body {
            case .empty: break
            case .bytes(let bytes): try writer.write(bytes)
            case .stream(let produce): try produce(writer)
            }
        } catch {
            // The client (or nginx) went away; FCGX_Finish_r cleans up.
        }
    }

    /// A header that would split the response (CR/LF) is never written.
    static func isSafeHeader(_ name: String, _ value: String) -> Bool {
        !name.isEmpty && !name.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 58 || $0 == 32 })
            && !value.utf8.contains(where: { $0 == 13 || $0 == 10 })
    }
}

/// The request body as FastCGI STDIN records arrive (nginx streams them with request buffering off).
final class FastCGIBody: RequestBody {
    private let stream: UnsafeMutablePointer<FCGX_Stream>?
    let declaredLength: Int?
    private var received = 0

    init(stream: UnsafeMutablePointer<FCGX_Stream>?, declaredLength: Int?) {
        self.stream = stream
        self.declaredLength = declaredLength
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let stream, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var wanted = buffer.count
        if let declared = declaredLength {
            wanted = min(wanted, declared - received)
            if wanted == 0 { return 0 }
        }
        let count = Int(FCGX_GetStr(base.assumingMemoryBound(to: CChar.self), Int32(wanted), stream))
        if count > 0 {
            received += count
            return count
        }
        if let declared = declaredLength, received < declared {
            throw BodyError.truncated(received: received, declared: declared)
        }
        if FCGX_GetError(stream) != 0 {
            throw BodyError.truncated(received: received, declared: declaredLength ?? -1)
        }
        return 0
    }
}

final class FastCGIWriter: ResponseWriter {
    struct Closed: Error {}
    private let stream: UnsafeMutablePointer<FCGX_Stream>?

    init(stream: UnsafeMutablePointer<FCGX_Stream>?) { self.stream = stream }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let stream else { throw Closed() }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 20)
            let base = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            guard FCGX_PutStr(base, Int32(chunk), stream) == Int32(chunk) else { throw Closed() }
            offset += chunk
        }
    }
}
