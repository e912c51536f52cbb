/// A JSON number as EventBridge compares numbers: in millionths, between -5.0e9 and +5.0e9
/// inclusive ("limited to values between -5.0e9 and +5.0e9 inclusive, with 15 digits of
/// precision, or six digits to the right of the decimal point", EventBridge User Guide, content
/// filtering, numeric matching). Digits past the sixth decimal are dropped (towards zero), so
/// `300`, `300.0` and `3.0e2` are one value. Built from the number's JSON text exactly, without
/// going through `Double`, so `0.000001` is one millionth and not a rounding of it.
struct PatternNumber: Sendable, Hashable, Comparable {
    /// The value in millionths.
    let micros: Int64

    static let limitMicros: Int64 = 5_000_000_000 * 1_000_000

    /// The written limits, as EventBridge's messages spell them.
    static let rangeDescription = "between -5.0E9 and 5.0E9, inclusive"

    /// `nil` when `text` is not a JSON number or lies outside ±5.0e9.
    init?(jsonText text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        var fractionLength = 0
        var seenDot = false
        var exponent = 0
        while let byte = bytes.first {
            if Self.isDigit(byte) {
                digits.append(byte - UInt8(ascii: "0"))
                if seenDot { fractionLength += 1 }
            } else if byte == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                guard let parsed = Self.exponent(bytes.dropFirst()) else { return nil }
                exponent = parsed
                bytes = []
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        // value = digits × 10^(exponent − fractionLength); in millionths the shift is 6 more.
        let shift = exponent - fractionLength + 6
        guard let magnitude = Self.scaled(digits, shift: shift) else { return nil }
        micros = negative ? -magnitude : magnitude
    }

    private init(micros: Int64) {
        self.micros = micros
    }

    static func < (lhs: PatternNumber, rhs: PatternNumber) -> Bool { lhs.micros < rhs.micros }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The exponent after `e`, clamped to ±1,000,000 (far past anything in range, never an overflow).
    private static func exponent(_ bytes: ArraySlice<UInt8>) -> Int? {
        var rest = bytes
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        var value = 0
        for byte in rest {
            guard isDigit(byte) else { return nil }
            value = min(value * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)
        }
        return negative ? -value : value
    }

    /// `digits × 10^shift`, truncated to an integer; `nil` past the limit.
    private static func scaled(_ digits: [UInt8], shift: Int) -> Int64? {
        var significant = digits.drop { $0 == 0 }
        if shift < 0 {
            let dropped = -shift
            if dropped >= significant.count { return 0 }
            significant = significant.dropLast(dropped)
        }
        let zeros = max(shift, 0)
        // The limit, 5e15, has 16 digits: anything longer is out of range.
        guard significant.count + zeros <= 16 || significant.isEmpty else { return nil }
        var value: Int64 = 0
        for digit in significant { value = value * 10 + Int64(digit) }
        if !significant.isEmpty {
            for _ in 0..<zeros { value *= 10 }
        }
        return value <= limitMicros ? value : nil
    }
}
