import FoundationEssentials

/// Instants as package protocols and events write them: ISO 8601 in UTC with a `Z`.
public enum Timestamps {
    /// `2024-05-01T12:00:00.500Z`: milliseconds, as JavaScript's `toISOString` writes them (npm's
    /// `time`, PEP 700's `upload-time`).
    public static func iso8601Milliseconds(_ epochSeconds: Double) -> String {
        Date(timeIntervalSince1970: epochSeconds).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `2026-11-27T13:14:00Z`: whole seconds (EventBridge's `time`).
    public static func iso8601Seconds(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// `20261127131400`: UTC digits only, as Maven's maven-metadata.xml writes `lastUpdated`.
    public static func compactUTC(_ epochSeconds: Double) -> String {
        String(iso8601Seconds(Date(timeIntervalSince1970: epochSeconds.rounded(.down))).filter(\.isNumber))
    }
}
