#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A signing instant in whole seconds since the Unix epoch (UTC), with the two spellings SigV4
/// reads: ISO 8601 basic (`20150830T123600Z`, the `X-Amz-Date` header and query parameter) and the
/// HTTP `Date` header (`Sun, 30 Aug 2015 12:36:00 GMT`, or botocore's `... -0000`). The calendar
/// arithmetic is done here (proleptic Gregorian, UTC) so parsing is exact and allocation-light.
public struct SigV4Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The wall clock, for the verifier's default `now`.
    public static func now() -> SigV4Timestamp {
        SigV4Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// Parses exactly `yyyyMMdd'T'HHmmss'Z'`; nil for anything else.
    public init?(iso8601Basic text: String) {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
            let year = Self.number(b[0..<4]), let month = Self.number(b[4..<6]), let day = Self.number(b[6..<8]),
            let hour = Self.number(b[9..<11]), let minute = Self.number(b[11..<13]), let second = Self.number(b[13..<15])
        else { return nil }
        guard let value = Self.seconds(year, month, day, hour, minute, second) else { return nil }
        self.secondsSince1970 = value
    }

    /// Parses an HTTP date: `[Day,] DD Mon YYYY HH:MM:SS ZONE`, ZONE being GMT, UTC, UT, Z or ±HHMM.
    public init?(httpDate text: String) {
        var rest = Substring(text)
        if let comma = rest.firstIndex(of: ",") { rest = rest[rest.index(after: comma)...] }
        let tokens = rest.split(separator: " ", omittingEmptySubsequences: true)
        guard tokens.count == 5, let day = Self.number(tokens[0].utf8), let month = Self.months.firstIndex(of: String(tokens[1])),
            let year = Self.number(tokens[2].utf8), tokens[2].utf8.count == 4
        else { return nil }
        let clock = tokens[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.utf8.count == 2 }), let hour = Self.number(clock[0].utf8),
            let minute = Self.number(clock[1].utf8), let second = Self.number(clock[2].utf8),
            let offset = Self.zoneOffset(tokens[4]),
            let value = Self.seconds(year, Int64(month) + 1, day, hour, minute, second)
        else { return nil }
        self.secondsSince1970 = value - offset
    }

    /// `20150830T123600Z`.
    public var iso8601Basic: String {
        let (year, month, day, hour, minute, second) = components
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "T" + pad(hour, 2) + pad(minute, 2) + pad(second, 2) + "Z"
    }

    /// `20150830`: the credential scope's date.
    public var scopeDate: String { String(iso8601Basic.prefix(8)) }

    public var description: String { iso8601Basic }

    public static func < (lhs: SigV4Timestamp, rhs: SigV4Timestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    public func adding(seconds: Int64) -> SigV4Timestamp {
        SigV4Timestamp(secondsSince1970: secondsSince1970 + seconds)
    }

    // MARK: - Calendar

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private var components: (Int64, Int64, Int64, Int64, Int64, Int64) {
        let days = Self.floorDiv(secondsSince1970, 86_400)
        let secondOfDay = secondsSince1970 - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = Self.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// Seconds since the epoch of a UTC civil time; nil when a field is out of range.
    private static func seconds(_ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64, _ minute: Int64, _ second: Int64) -> Int64? {
        guard (1...12).contains(month), (1...daysIn(month, of: year)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static func daysIn(_ month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func zoneOffset(_ zone: Substring) -> Int64? {
        if ["GMT", "UTC", "UT", "Z"].contains(zone) { return 0 }
        let b = Array(zone.utf8)
        guard b.count == 5, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"),
            let hours = number(b[1..<3]), let minutes = number(b[3..<5]), hours < 24, minutes < 60
        else { return nil }
        let offset = hours * 3600 + minutes * 60
        return b[0] == UInt8(ascii: "-") ? -offset : offset
    }

    /// ASCII digits only (1 to 4 of them), else nil.
    private static func number(_ digits: some Collection<UInt8>) -> Int64? {
        guard (1...4).contains(digits.count) else { return nil }
        var value: Int64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
