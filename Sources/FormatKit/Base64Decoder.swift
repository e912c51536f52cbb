/// Decodes base64 text straight out of a larger byte array (npm: one attachment inside the
/// publish body), a buffer at a time, so the decoded bytes never exist whole in memory. Accepts
/// what Node's encoder and JSON encoders produce: standard alphabet, `=` padding (or none), `\/`
/// for `/` (the text as it stands inside a JSON string); anything else is a `Base64Error`, not
/// skipped.
public final class Base64Decoder {
    private let body: [UInt8]
    private var position: Int
    private let end: Int
    /// Decoded bytes that did not fit the caller's last buffer (at most 2).
    private var carry: [UInt8] = []
    private var finished = false

    /// Decodes `body[range]`; the array is shared, not copied.
    public init(_ body: [UInt8], range: Range<Int>) {
        self.body = body
        position = range.lowerBound
        end = range.upperBound
        carry.reserveCapacity(3)
    }

    /// Symbol values; 0xFF for bytes outside the alphabet.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(symbol)] = UInt8(value)
        }
        return table
    }()

    private static func invalid(_ what: String) -> Base64Error { Base64Error(.invalid, what) }

    /// The decoded size of `body[range]`, from the text's length alone: symbols (the `backslashes`
    /// of `\/` escapes not counted) less padding. Throws `Base64Error` for an impossible length.
    public static func decodedLength(of range: Range<Int>, backslashes: Int = 0, in body: [UInt8]) throws -> Int {
        var padding = 0
        var cursor = range.upperBound
        while cursor > range.lowerBound, body[cursor - 1] == UInt8(ascii: "=") {
            padding += 1
            cursor -= 1
        }
        let symbols = range.count - backslashes - padding
        guard padding <= 2, symbols % 4 != 1, padding == 0 || (symbols + padding) % 4 == 0 else {
            throw invalid("bad length or padding")
        }
        return symbols / 4 * 3 + [0, 0, 1, 2][symbols % 4]
    }

    /// Fills `buffer` with decoded bytes and returns the count, 0 at the end; throws `Base64Error`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < buffer.count, !carry.isEmpty {
            buffer[written] = carry.removeFirst()
            written += 1
        }
        let table = Base64Decoder.table
        return try body.withUnsafeBufferPointer { bytes in
            while written < buffer.count, !finished {
                // Fast path: four plain symbols and room for three bytes.
                if position + 4 <= end, buffer.count - written >= 3 {
                    let a = table[Int(bytes[position])], b = table[Int(bytes[position + 1])]
                    let c = table[Int(bytes[position + 2])], d = table[Int(bytes[position + 3])]
                    if (a | b | c | d) < 64 {
                        buffer[written] = a << 2 | b >> 4
                        buffer[written + 1] = (b & 0x0F) << 4 | c >> 2
                        buffer[written + 2] = (c & 0x03) << 6 | d
                        written += 3
                        position += 4
                        continue
                    }
                }
                let quad = try nextQuad(bytes)
                for byte in quad {
                    if written < buffer.count {
                        buffer[written] = byte
                        written += 1
                    } else {
                        carry.append(byte)
                    }
                }
            }
            return written
        }
    }

    /// The slow path: escapes, padding, the unpadded tail, and the end.
    private func nextQuad(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [UInt8] {
        var values: [UInt8] = []
        var padding = 0
        while values.count + padding < 4, position < end {
            var symbol = bytes[position]
            position += 1
            if symbol == UInt8(ascii: "\\") {
                guard position < end, bytes[position] == UInt8(ascii: "/") else { throw Base64Decoder.invalid("unexpected escape") }
                symbol = UInt8(ascii: "/")
                position += 1
            }
            if symbol == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0 else { throw Base64Decoder.invalid("data after padding") }
            let value = Base64Decoder.table[Int(symbol)]
            guard value != 0xFF else { throw Base64Decoder.invalid("unexpected character") }
            values.append(value)
        }
        if values.count + padding < 4 || padding > 0 {
            guard position == end else { throw Base64Decoder.invalid("data after padding") }
            finished = true
        }
        switch values.count {
        case 0:
            finished = true
            return []
        case 1:
            throw Base64Decoder.invalid("truncated")
        case 2:
            return [values[0] << 2 | values[1] >> 4]
        case 3:
            return [values[0] << 2 | values[1] >> 4, (values[1] & 0x0F) << 4 | values[2] >> 2]
        default:
            return [values[0] << 2 | values[1] >> 4, (values[1] & 0x0F) << 4 | values[2] >> 2, (values[2] & 0x03) << 6 | values[3]]
        }
    }
}

/// Text that is not base64; `message` says what is wrong ("data after padding").
public typealias Base64Error = FormatError<Base64ErrorKind>

/// The kinds of `Base64Error`.
public enum Base64ErrorKind: Sendable, Equatable {
    case invalid
}
